package io.gmeye.agent.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gmeye.protocols.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A change to what a feature must remember across a restart (a queued device command, a pass
 * waiting for its turnstile), written by {@link Outbox#append(io.gmeye.protocols.envelope.Envelope, StateChange)}
 * in the same synced batch as the record that reports it: after a crash the report and the
 * state are both there or neither. A null value removes the key; {@code forget} names other keys
 * removed in the same write (markers a feature no longer needs).
 */
public record StateChange(String key, byte[] value, List<String> forget) {
    public StateChange {
        Objects.requireNonNull(key, "key");
        forget = forget == null ? List.of() : List.copyOf(forget);
    }

    public StateChange(String key, byte[] value) {
        this(key, value, List.of());
    }

    /** The same change, also removing these keys in the same write. */
    public StateChange forgetting(Collection<String> keys) {
        return new StateChange(key, value, List.copyOf(keys));
    }

    public static StateChange put(String key, byte[] value) {
        return new StateChange(key, Objects.requireNonNull(value, "value"));
    }

    /** Keeps a record as JSON, readable with {@link #read}. */
    public static StateChange putJson(String key, Object value) {
        try {
            return put(key, Json.mapper().writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A value kept with {@link #putJson}. */
    public static <T> T read(byte[] value, Class<T> type) {
        try {
            return Json.mapper().readValue(value, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StateChange remove(String key) {
        return new StateChange(key, null);
    }

    public boolean removes() {
        return value == null;
    }

    byte[] keyBytes() {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
