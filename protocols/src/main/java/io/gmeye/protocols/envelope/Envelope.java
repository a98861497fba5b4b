package io.gmeye.protocols.envelope;

/**
 * The one envelope of every message.
 *
 * @param v    wire version, {@link #VERSION}
 * @param id   ULID made at the source: the idempotency key all the way to storage
 * @param site the site the message belongs to
 * @param src  what made it inside the site: "agent", a camera id, a device id
 * @param ts   source time, epoch millis
 * @param seq  per-site outbox sequence (0 until the outbox stamps it), so the hub can see gaps
 */
public record Envelope<B extends Body>(int v, MessageType type, String id, String site, String src, long ts, long seq, B body) {
    public static final int VERSION = 1;

    public Envelope {
        Require.present(type, "type");
        Require.text(id, "id");
        Require.text(site, "site");
        Require.text(src, "src");
        Require.present(body, "body");
        if (!type.bodyClass().isInstance(body)) {
            throw new IllegalArgumentException("body: a " + type.wire() + " message carries " + type.bodyClass().getSimpleName()
                    + ", not " + body.getClass().getSimpleName());
        }
    }

    /** A new message made now at the source, not yet sequenced. */
    public static <B extends Body> Envelope<B> create(String site, String src, B body) {
        return create(site, src, System.currentTimeMillis(), body);
    }

    public static <B extends Body> Envelope<B> create(String site, String src, long ts, B body) {
        return new Envelope<>(VERSION, MessageType.forBody(body.getClass()), Ulid.next(ts), site, src, ts, 0, body);
    }

    public Envelope<B> withSeq(long newSeq) {
        return new Envelope<>(v, type, id, site, src, ts, newSeq, body);
    }

    @SuppressWarnings("unchecked")
    public <T extends Body> Envelope<T> as(Class<T> bodyType) {
        if (!bodyType.isInstance(body)) {
            throw new ClassCastException(type.wire() + " carries " + body.getClass().getSimpleName());
        }
        return (Envelope<T>) this;
    }
}
