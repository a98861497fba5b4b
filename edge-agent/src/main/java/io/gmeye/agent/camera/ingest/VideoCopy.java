package io.gmeye.agent.camera.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A moment of one camera's video copied from its packet ring into an MP4 file, without decoding:
 * the part already kept when it starts (the pre-roll), then what arrives until the end, pulled in
 * steps on the copying thread (never on the grabbing thread). It ends early, and says so, when
 * the camera's stream broke on the way (a reconnect, or packets the ring could not keep).
 */
public final class VideoCopy implements AutoCloseable {
    /** What a pull found. */
    public enum Step {
        /** The end has not arrived yet: pull again later. */
        MORE,
        /** Everything up to the end is in. */
        DONE,
        /** The stream broke on the way: what is in is continuous, the rest cannot follow it. */
        CUT
    }

    /** How long after the end the pictures shown before its last one may arrive. */
    private static final long TRAILING_MS = 2_000;

    private final PacketRing ring;
    private final Mp4Remux mux;
    private final long connection;
    private long lastNumber;
    private long nextKeyAt;
    /** The latest presentation time copied (the camera's), AV_NOPTS_VALUE before any. */
    private long shown = AV_NOPTS_VALUE;

    private VideoCopy(PacketRing ring, Mp4Remux mux, long connection, long lastNumber) {
        this.ring = ring;
        this.mux = mux;
        this.connection = connection;
        this.lastNumber = lastNumber;
    }

    /** Starts a copy at the kept keyframe nearest to {@code from}; empty when the ring keeps none by {@code to}. */
    static Optional<VideoCopy> start(PacketRing ring, long from, long to, Path file) throws IOException {
        try (PacketRing.Run run = ring.span(from, to).orElse(null)) {
            if (run == null || run.packets().isEmpty()) {
                return Optional.empty();
            }
            Mp4Remux mux = Mp4Remux.create(file, run.params(), run.timeBase());
            try {
                mux.write(run.packets());
            } catch (IOException | RuntimeException e) {
                mux.close();
                throw e;
            }
            VideoCopy copy = new VideoCopy(ring, mux, run.connection(), run.packets().get(run.packets().size() - 1).number());
            run.packets().forEach(h -> copy.shown = Math.max(copy.shown, h.packet().pts()));
            return Optional.of(copy);
        }
    }

    /**
     * Appends what arrived since the last pull, up to {@code to}, and after it the pictures that
     * are shown before one already in (a stream with B-frames sends a B-frame after the picture it
     * precedes): the copy ends with every picture up to its last one, none missing in between.
     */
    public Step pull(long to) throws IOException {
        boolean endArrived = ring.newestAt() > to; // read first: every packet up to the end is in the ring by then
        try (PacketRing.Run run = ring.after(lastNumber, Long.MAX_VALUE).orElse(null)) {
            if (run == null || run.connection() != connection) {
                return Step.CUT;
            }
            var packets = run.packets();
            if (!packets.isEmpty() && packets.get(0).number() != lastNumber + 1) {
                return Step.CUT;
            }
            int end = 0;
            while (end < packets.size() && (packets.get(end).arrivedAt() <= to || shownBeforeCopied(packets.get(end), to))) {
                shown = Math.max(shown, packets.get(end).packet().pts());
                end++;
            }
            if (end > 0) {
                mux.write(packets.subList(0, end));
                lastNumber = packets.get(end - 1).number();
            }
            // done once a packet past the end that no copied picture waits for has arrived
            return endArrived && end < packets.size() ? Step.DONE : Step.MORE;
        }
    }

    /** A picture shown before the latest copied, arriving shortly after the end (a camera whose clock restarted is not followed on). */
    private boolean shownBeforeCopied(PacketRing.Held h, long to) {
        long pts = h.packet().pts();
        return !h.key() && h.arrivedAt() <= to + TRAILING_MS && pts != AV_NOPTS_VALUE && shown != AV_NOPTS_VALUE && pts < shown;
    }

    /**
     * For segments of a recording: appends what arrived since the last pull up to the first
     * keyframe that arrived at or after {@code at}, which is left for the next segment to start
     * with ({@link #nextKeyAt()}). DONE once that keyframe is in, CUT when the stream broke.
     */
    public Step pullToKeyframeAfter(long at) throws IOException {
        try (PacketRing.Run run = ring.after(lastNumber, Long.MAX_VALUE).orElse(null)) {
            if (run == null || run.connection() != connection) {
                return Step.CUT;
            }
            var packets = run.packets();
            if (packets.isEmpty()) {
                return Step.MORE;
            }
            if (packets.get(0).number() != lastNumber + 1) {
                return Step.CUT;
            }
            int end = 0;
            while (end < packets.size() && !(packets.get(end).key() && packets.get(end).arrivedAt() >= at)) {
                end++;
            }
            if (end > 0) {
                mux.write(packets.subList(0, end));
                lastNumber = packets.get(end - 1).number();
            }
            if (end < packets.size()) {
                nextKeyAt = packets.get(end).arrivedAt();
                return Step.DONE;
            }
            return Step.MORE;
        }
    }

    /** Arrival of the keyframe the next segment starts with, after {@link #pullToKeyframeAfter} said DONE. */
    public long nextKeyAt() {
        return nextKeyAt;
    }

    /** Writes the index: the file is a complete MP4 from here on. */
    public void finish() throws IOException {
        mux.finish();
    }

    /** Arrival (agent clock) of the first packet copied: a keyframe. */
    public long startAt() {
        return mux.firstArrival();
    }

    /** Arrival (agent clock) of the last packet copied. */
    public long endAt() {
        return mux.lastArrival();
    }

    public int packets() {
        return mux.packets();
    }

    /** Compressed video bytes copied (the file is this plus its index). */
    public long bytes() {
        return mux.bytes();
    }

    /** The MP4 index and headers on top of the video (an estimate that errs high). */
    private static final double INDEX_SHARE = 0.03;
    private static final long INDEX_BASE = 64 << 10;
    /** Room taken ahead of what is written: more than one pull brings (500 ms at 32 Mbit/s). */
    private static final long AHEAD = 2L << 20;

    /**
     * The room to hold in a quota for this copy before the next pull: what it wrote, its index,
     * and what the next pull may bring, so a folder never holds more than its quota on disk.
     */
    public long roomAhead() {
        return (long) (bytes() * (1 + INDEX_SHARE)) + INDEX_BASE + AHEAD;
    }

    @Override
    public void close() {
        mux.close();
    }
}
