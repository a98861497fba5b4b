package io.gmeye.hub.checkpoint;

import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Checkpoint records and whitelist entries are kept in the store as the wire's JSON. */
final class StoredJson {
    private StoredJson() {
    }

    static byte[] write(Object o) {
        try {
            return Json.mapper().writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(byte[] b, Class<T> type) {
        try {
            return Json.mapper().readValue(b, type);
        } catch (IOException e) {
            throw new GmeyeException(ErrorKind.INTERNAL, "a stored " + type.getSimpleName() + " is unreadable: " + e.getMessage(), e);
        }
    }
}
