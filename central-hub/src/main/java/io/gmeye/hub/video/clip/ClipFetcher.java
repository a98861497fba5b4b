package io.gmeye.hub.video.clip;

import io.gmeye.hub.command.CommandService;
import io.gmeye.hub.routing.AgentStreams;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.clip.ClipChunk;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brings an event clip from its agent to the hub's {@link ClipCache} when an operator asks for it:
 * piece by piece, each piece a {@code clip.chunk} command to the agent (sent where snapshot calls
 * are, through {@link CommandService}) answered by a binary clip.chunk message over the same
 * authenticated MQTT link. What has come is kept in the cache's part file, so an uplink outage
 * (or a hub restart) costs only the piece under way: the fetch waits and goes on from there, and
 * the whole is checked against the agent's SHA-256 before it is served. One fetch per clip,
 * however many people ask.
 */
public final class ClipFetcher {
    /** Where a fetch stands: bytes here of {@code size} (-1: not known yet), requests made, and where it went on from after a break (-1: none). */
    public record Progress(long have, long size, int requests, long resumedFrom, String lastError) {
    }

    private static final long RETRY_MIN_MS = 500;
    private static final long RETRY_MAX_MS = 10_000;

    private final Vertx vertx;
    private final CommandService commands;
    private final ClipCache cache;
    private final int chunkBytes;
    private final Duration chunkTimeout;
    private final Duration giveUpAfter;
    private final Clock clock;
    private final Metrics metrics;
    private final AgentStreams streams;
    private final Map<String, Fetch> fetching = new ConcurrentHashMap<>();

    /**
     * @param chunkBytes  the piece asked for at once (at most 1 MiB, the agent's limit)
     * @param giveUpAfter a fetch that has not finished in this long fails with the last reason (what came stays for the next)
     * @param streams     where pieces arrive from the node that holds the agent (this one, or in a cluster another)
     */
    public ClipFetcher(Vertx vertx, CommandService commands, ClipCache cache, int chunkBytes, Duration chunkTimeout, Duration giveUpAfter,
                       Clock clock, Metrics metrics, AgentStreams streams) {
        if (chunkBytes < 1 || chunkBytes > (1 << 20)) {
            throw new IllegalArgumentException("chunkBytes: between 1 and 1048576, got " + chunkBytes);
        }
        this.vertx = vertx;
        this.commands = commands;
        this.cache = cache;
        this.chunkBytes = chunkBytes;
        this.chunkTimeout = chunkTimeout;
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
        this.metrics = metrics;
        this.streams = streams;
    }

    private final class Fetch {
        final String site;
        final String camera;
        final String clip;
        final Promise<Path> done = Promise.promise();
        final long startedAt = clock.millis();
        volatile long have;
        volatile long size = -1;
        volatile String sha;
        volatile byte[] received;
        volatile int requests;
        volatile long resumedFrom = -1;
        volatile String lastError;
        int failures;
        MessageConsumer<Buffer> pieces;

        Fetch(String site, String camera, String clip) {
            this.site = site;
            this.camera = camera;
            this.clip = clip;
        }
    }

    /** The clip's file in the cache: at once when it is there, else when its fetch is done. */
    public Future<Path> fetch(String site, String camera, String clip) {
        return vertx.executeBlocking(() -> cache.find(site, clip), false).compose(found -> {
            if (found.isPresent()) {
                metrics.count("gmeye.clips.fetch", "outcome", "cached");
                return Future.succeededFuture(found.get());
            }
            Fetch[] made = new Fetch[1];
            Fetch f = fetching.computeIfAbsent(key(site, clip), k -> made[0] = new Fetch(site, camera, clip));
            if (f == made[0]) {
                begin(f);
            }
            return f.done.future();
        });
    }

    /** Where the fetch of a clip stands, empty when none is under way. */
    public Optional<Progress> progress(String site, String clip) {
        Fetch f = fetching.get(key(site, clip));
        return f == null ? Optional.empty() : Optional.of(new Progress(f.have, f.size, f.requests, f.resumedFrom, f.lastError));
    }

    /** A piece from an agent connected here (the MQTT endpoint's sink): to the fetch of its clip, on this node or another. */
    public void arrived(Envelope<ClipChunk> header, byte[] bytes) {
        streams.publish(AgentStreams.clip(header.site(), header.body().clip()), header, bytes);
    }

    /** A piece for a fetch of this node: kept when the fetch waits for exactly it, else dropped. */
    private void chunk(Envelope<ClipChunk> header, byte[] bytes) {
        ClipChunk c = header.body();
        Fetch f = fetching.get(key(header.site(), c.clip()));
        if (f == null || c.offset() != f.have || f.received != null || c.offset() + bytes.length > c.size()) {
            metrics.count("gmeye.clips.chunks", "outcome", "unwanted"); // late, repeated, or for no fetch under way
            return;
        }
        f.size = c.size();
        f.sha = c.sha256();
        f.received = bytes;
    }

    private void begin(Fetch f) {
        f.pieces = streams.listen(AgentStreams.clip(f.site, f.clip), MessageType.CLIP_CHUNK, ClipChunk.class, this::chunk);
        // the pieces are asked for only once the cluster knows where to send them
        f.pieces.completion().compose(v -> vertx.executeBlocking(() -> {
            Path part = cache.partFor(f.site, f.clip);
            return Files.exists(part) ? Files.size(part) : 0L;
        }, false)).onSuccess(had -> {
            f.have = had;
            if (had > 0) {
                f.resumedFrom = had; // a fetch broken off before (an outage, a restart) goes on from what came
            }
            step(f);
        }).onFailure(e -> end(f, new GmeyeException(ErrorKind.INTERNAL, "clip cache: " + e.getMessage())));
    }

    private void step(Fetch f) {
        if (f.size >= 0 && f.have >= f.size) {
            finish(f);
            return;
        }
        if (clock.millis() - f.startedAt > giveUpAfter.toMillis()) {
            end(f, new GmeyeException(ErrorKind.TIMEOUT, "the clip " + f.clip + " did not come from site " + f.site + " within "
                    + giveUpAfter.toSeconds() + " s (" + f.have + " bytes came" + (f.lastError == null ? "" : "; last: " + f.lastError) + ")"));
            return;
        }
        f.requests++;
        long offset = f.have;
        commands.call(f.site, "clip.chunk", f.camera, Map.of("clip", f.clip, "offset", offset, "length", chunkBytes), chunkTimeout)
                .onSuccess(reply -> answered(f, offset, reply.result()))
                .onFailure(e -> retry(f, GmeyeException.of(e).getMessage()));
    }

    private void answered(Fetch f, long offset, CommandResult r) {
        if (r == null || r.status() != CommandStatus.SUCCEEDED) {
            Object error = r == null ? null : r.result().get("error");
            String reason = r == null || r.message() == null ? "the agent did not send the piece" : r.message();
            if ("unknown_clip".equals(error)) {
                end(f, new GmeyeException(ErrorKind.NOT_FOUND, reason));
            } else if ("faces_not_blurred".equals(error)) {
                end(f, new GmeyeException(ErrorKind.FORBIDDEN, reason)); // the site's privacy rule: asking again changes nothing
            } else if ("bad_request".equals(error)) {
                end(f, new GmeyeException(ErrorKind.INTERNAL, reason));
            } else {
                retry(f, reason); // not finished yet, hub link down at the agent, expired: again in a moment
            }
            return;
        }
        byte[] piece = f.received;
        f.received = null;
        if (piece == null) {
            metrics.count("gmeye.clips.chunks", "outcome", "lost");
            retry(f, "the piece at " + offset + " was acknowledged but did not arrive");
            return;
        }
        vertx.executeBlocking(() -> {
            try (FileChannel ch = FileChannel.open(cache.partFor(f.site, f.clip), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.truncate(offset); // anything past what was counted is a torn write of a crash
                ByteBuffer b = ByteBuffer.wrap(piece);
                while (b.hasRemaining()) {
                    ch.write(b, offset + b.position());
                }
            }
            return null;
        }, true).onSuccess(v -> {
            f.have = offset + piece.length;
            f.failures = 0;
            metrics.count("gmeye.clips.chunks", "outcome", "stored");
            step(f);
        }).onFailure(e -> end(f, new GmeyeException(ErrorKind.INTERNAL, "clip cache: cannot write " + f.clip + ": " + e.getMessage())));
    }

    private void retry(Fetch f, String reason) {
        f.lastError = reason;
        f.failures++;
        long delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS << Math.min(f.failures - 1, 5));
        metrics.count("gmeye.clips.chunks", "outcome", "retried");
        vertx.setTimer(delay, t -> step(f));
    }

    private void finish(Fetch f) {
        vertx.executeBlocking(() -> {
            Path part = cache.partFor(f.site, f.clip);
            if (!sha256(part).equals(f.sha)) {
                Files.deleteIfExists(part);
                throw new GmeyeException(ErrorKind.INTERNAL, "the clip " + f.clip + " from site " + f.site
                        + " did not match the agent's checksum and was dropped; ask again to fetch it anew");
            }
            return cache.commit(f.site, f.clip);
        }, false).onSuccess(file -> {
            fetching.remove(key(f.site, f.clip));
            f.pieces.unregister();
            metrics.count("gmeye.clips.fetch", "outcome", f.resumedFrom >= 0 ? "resumed" : "fetched");
            f.done.tryComplete(file);
        }).onFailure(e -> end(f, GmeyeException.of(e)));
    }

    private void end(Fetch f, GmeyeException e) {
        fetching.remove(key(f.site, f.clip));
        f.pieces.unregister();
        metrics.count("gmeye.clips.fetch", "outcome", e.kind().name().toLowerCase(java.util.Locale.ROOT));
        f.done.tryFail(e);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(String site, String clip) {
        return site + "--" + clip;
    }
}
