package io.gmeye.hub.online;

/** Online cameras of a group (a site, a tag, the whole estate) now. */
public record RateGroup(String key, String label, long total, long online, Double rate, boolean belowTarget) {
    static RateGroup of(String key, String label, long total, long online, double target) {
        Double rate = total == 0 ? null : (double) online / total;
        return new RateGroup(key, label, total, online, rate, rate != null && rate < target);
    }
}
