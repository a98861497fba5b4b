package io.gmeye.agent.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gmeye.protocols.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A change to what a feature must remember across a restart (a queued device command, a pass
 * waiting for its turnstile), written by {@link Outbox#append(io.gmeye.protocols.envelope.Envelope, StateChange)}
 * in the same synced batch as the record that reports it: after a crash the report and the
 * state are both there or neither. A null value removes the key.
 */
public record StateChange(String key, byte[] value) {
    public StateChange {
        Objects.requireNonNull(key, "key");
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
