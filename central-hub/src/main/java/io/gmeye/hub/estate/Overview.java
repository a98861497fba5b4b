package io.gmeye.hub.estate;

/** Totals and online counts of the estate: what the wall screen's first row shows. */
public record Overview(Count sites, Count cameras, Count devices, Count checkpoints, double cameraOnlineRate, long at) {
    public record Count(long total, long online) {
    }
}
