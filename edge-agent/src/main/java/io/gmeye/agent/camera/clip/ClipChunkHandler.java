package io.gmeye.agent.camera.clip;

import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.agent.privacy.FacesNotBlurred;
import io.gmeye.agent.uplink.CommandReplies;
import io.gmeye.agent.uplink.CommandHandler;
import io.gmeye.agent.uplink.DirectChannel;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.clip.ClipChunk;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.envelope.Envelope;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Command "clip.chunk" (target: the camera; params {@code clip}, {@code offset}, {@code length}):
 * sends the hub a piece of a finished clip through the direct channel, as a binary clip.chunk
 * message whose ref is the command id, then succeeds with the file's size and SHA-256. The hub
 * asks piece by piece, so a fetch that an uplink outage breaks goes on from the piece it lacks.
 * Fails with a reason when the clip is unknown, not finished yet, or the hub link is down. A site
 * that requires faces blurred sends no clip ({@code faces_not_blurred}): clips are the camera's
 * own packets, remuxed, never decoded, so their faces cannot be blurred; they stay at the site.
 */
public final class ClipChunkHandler implements CommandHandler {
    public static final String NAME = "clip.chunk";
    /** The largest piece sent at once: well under the hub's limit on one publish. */
    public static final int MAX_CHUNK = 1 << 20;

    private final String site;
    private final ClipStore store;
    private final DirectChannel direct;
    private final Clock clock;
    private final Metrics metrics;
    private final Executor executor;
    private final FaceRule faces;
    /** SHA-256 of the clips asked for lately: a finished clip never changes. */
    private final Map<String, String> digests = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 64;
        }
    };

    public ClipChunkHandler(String site, ClipStore store, DirectChannel direct, Clock clock, Metrics metrics, Executor executor,
                            FaceRule faces) {
        this.faces = faces;
        this.site = site;
        this.store = store;
        this.direct = direct;
        this.clock = clock;
        this.metrics = metrics;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<CommandResult> handle(Command command) {
        // file reads and hashing: never on the caller's (event loop) thread
        return CompletableFuture.supplyAsync(() -> send(command), executor).thenCompose(r -> r)
                .whenComplete((r, e) -> metrics.count("clips.chunks", "outcome",
                        e != null ? "error" : String.valueOf(r.result().getOrDefault("error", "ok"))));
    }

    private CompletableFuture<CommandResult> send(Command c) {
        if (CommandReplies.expired(c, clock.millis())) {
            return done(CommandReplies.expiredResult(c));
        }
        Object clipParam = c.params().get("clip");
        long offset = number(c.params().get("offset"));
        long length = number(c.params().get("length"));
        if (!(clipParam instanceof String clip) || offset < 0 || length <= 0 || length > MAX_CHUNK) {
            return done(CommandReplies.failed(c, "bad_request", "clip.chunk needs clip (an id), offset >= 0 and length 1.." + MAX_CHUNK));
        }
        if (faces.required()) {
            return done(CommandReplies.failed(c, FacesNotBlurred.ERROR, new FacesNotBlurred("clips are the camera's video copied as it came, "
                    + "not re-encoded, so they cannot be: the clip " + clip + " stays at site " + site).reason()));
        }
        Path file = store.find(clip).orElse(null);
        if (file == null) {
            return store.writing(clip)
                    ? done(CommandReplies.failed(c, "clip_not_ready", "the clip " + clip + " is still being written at site " + site))
                    : done(CommandReplies.failed(c, "unknown_clip", "no clip " + clip + " at site " + site + " (never made, or deleted by retention)"));
        }
        if (!direct.connected()) {
            return done(CommandReplies.failed(c, "hub_unreachable", "the agent's link to the hub is down"));
        }
        byte[] bytes;
        long size;
        String sha;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
            if (offset > size) {
                return done(CommandReplies.failed(c, "bad_request", "offset " + offset + " is past the clip's end (" + size + " bytes)"));
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, size - offset));
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
                // a short read goes on where it stopped
            }
            bytes = buf.array();
            sha = digest(clip, ch);
        } catch (IOException e) {
            // deleted by retention between the lookup and the read
            return done(CommandReplies.failed(c, "unknown_clip", "the clip " + clip + " cannot be read at site " + site + ": " + e.getMessage()));
        }
        String camera = c.target();
        Envelope<ClipChunk> header = Envelope.create(site, camera, clock.millis(), new ClipChunk(c.commandId(), clip, camera, offset, size, sha));
        Map<String, Object> result = Map.of("clip", clip, "offset", offset, "bytes", bytes.length, "size", size, "sha256", sha);
        return direct.send(header, bytes, 1).thenApply(v -> CommandReplies.succeeded(c, result));
    }

    private String digest(String clip, FileChannel ch) throws IOException {
        synchronized (digests) {
            String known = digests.get(clip);
            if (known != null) {
                return known;
            }
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(64 << 10);
        long pos = 0;
        int n;
        while ((n = ch.read(buf, pos)) > 0) {
            buf.flip();
            md.update(buf);
            buf.clear();
            pos += n;
        }
        String hex = HexFormat.of().formatHex(md.digest());
        synchronized (digests) {
            digests.put(clip, hex);
        }
        return hex;
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }

    private static CompletableFuture<CommandResult> done(CommandResult r) {
        return CompletableFuture.completedFuture(r);
    }
}
