package io.gmeye.agent.inspection.scene;

import io.gmeye.platform.config.Validated;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * When a scene is enforced: hours of the day ("07:00-22:00", may wrap past midnight) and days
 * of the week; missing means always.
 *
 * @param zone time zone of the hours, default the agent's
 */
public record Schedule(String hours, List<String> days, String zone) implements Validated {
    public static final Schedule ALWAYS = new Schedule(null, null, null);

    public Schedule {
        days = days == null ? List.of() : days.stream().map(d -> d.toUpperCase(Locale.ROOT)).toList();
    }

    @Override
    public void validate() {
        if (hours != null) {
            try {
                from();
                to();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("hours: write it as HH:MM-HH:MM, got '" + hours + "'");
            }
        }
        for (String d : days) {
            if (day(d) == null) {
                throw new IllegalArgumentException("days: '" + d + "' is not a day (MON, TUE, ... or MONDAY, ...)");
            }
        }
        if (zone != null) {
            ZoneId.of(zone);
        }
    }

    public boolean activeAt(long epochMs) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMs).atZone(zone == null ? ZoneId.systemDefault() : ZoneId.of(zone));
        if (!days.isEmpty() && days.stream().map(Schedule::day).noneMatch(d -> d == t.getDayOfWeek())) {
            return false;
        }
        if (hours == null) {
            return true;
        }
        LocalTime now = t.toLocalTime();
        LocalTime from = from();
        LocalTime to = to();
        return from.isBefore(to) ? !now.isBefore(from) && now.isBefore(to) : !now.isBefore(from) || now.isBefore(to);
    }

    private LocalTime from() {
        return LocalTime.parse(hours.split("-")[0].trim());
    }

    private LocalTime to() {
        return LocalTime.parse(hours.split("-")[1].trim());
    }

    private static DayOfWeek day(String d) {
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().equals(d) || w.name().startsWith(d) && d.length() >= 3) {
                return w;
            }
        }
        return null;
    }
}
