package io.gmeye.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gmeye.protocols.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Records in and out of the store as JSON, with the protocols' mapper (one JSON dialect everywhere). */
public final class StoredJson {
    private StoredJson() {
    }

    public static byte[] write(Object o) {
        try {
            return Json.mapper().writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(byte[] b, Class<T> type) {
        try {
            return Json.mapper().readValue(b, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
