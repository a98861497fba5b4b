package io.gmeye.rigs.estate;

/**
 * How busy the district is by hour of day, as a multiple of the daytime rate: quiet nights,
 * rush hours at 7-9 and 17-19 (checkpoints and street scenes peak), ordinary day in between.
 */
public final class DayProfile {
    private static final double[] BY_HOUR = {0.15, 0.1, 0.1, 0.1, 0.15, 0.3, 0.8, 2.5, 3.0, 1.5, 1.0, 1.0,
        1.2, 1.0, 1.0, 1.0, 1.3, 2.5, 3.0, 1.8, 1.2, 0.9, 0.5, 0.25};

    private DayProfile() {
    }

    /** The multiplier at a virtual time of day, in seconds since midnight. */
    public static double at(double secondOfDay) {
        int h = (int) ((secondOfDay / 3600) % 24);
        return BY_HOUR[(h + 24) % 24];
    }

    /** The mean multiplier over a whole day: rate x mean x 86400 is a day's count. */
    public static double dailyMean() {
        double sum = 0;
        for (double m : BY_HOUR) {
            sum += m;
        }
        return sum / 24;
    }
}
