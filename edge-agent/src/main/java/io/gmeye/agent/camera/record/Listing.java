package io.gmeye.agent.camera.record;

import java.util.List;

/**
 * What a camera's recording holds between two moments: its segments and the gaps between them
 * (a camera outage, a restart of the agent), agent time, epoch ms.
 */
public record Listing(String camera, long from, long to, List<Span> segments, List<Span> gaps) {
    /** A stretch of time; for a segment, also its size. */
    public record Span(long from, long to, long bytes) {
    }
}
