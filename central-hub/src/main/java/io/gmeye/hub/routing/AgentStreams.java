package io.gmeye.hub.routing;

import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.BiConsumer;

/**
 * Binary messages an agent sends for someone waiting (live frames for viewers, clip pieces for a
 * fetch), never stored: they arrive at the node that holds the agent and go, over the event bus,
 * to whoever listens for them on that node or, in a cluster, on any other. Listeners subscribe
 * only while they wait (a watched camera, a fetch under way), so nothing travels for no one.
 */
public final class AgentStreams {
    private final Vertx vertx;
    private final EnvelopeCodec codec = new EnvelopeCodec();

    public AgentStreams(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Where a camera's live frames go. */
    public static String live(String camera) {
        return "gmeye.live." + camera;
    }

    /** Where the pieces of one clip of a site go. */
    public static String clip(String site, String clip) {
        return "gmeye.clip." + site + "." + clip;
    }

    /** At the node holding the agent: the message (its envelope and bytes) to every listener of {@code address}, here or elsewhere. */
    public void publish(String address, Envelope<?> header, byte[] bytes) {
        byte[] h = codec.encode(header);
        vertx.eventBus().publish(address, Buffer.buffer(4 + h.length + bytes.length).appendInt(h.length).appendBytes(h).appendBytes(bytes));
    }

    /** Hears what arrives for {@code address} until the consumer is unregistered; its completion says the cluster knows. */
    public <T extends Body> MessageConsumer<Buffer> listen(String address, MessageType type, Class<T> body, BiConsumer<Envelope<T>, byte[]> sink) {
        return vertx.eventBus().<Buffer>consumer(address, m -> {
            Buffer b = m.body();
            int len = b.getInt(0);
            Envelope<T> header = codec.decode(b.getBytes(4, 4 + len), type).envelope().as(body);
            sink.accept(header, b.getBytes(4 + len, b.length()));
        });
    }
}
