package io.gmeye.hub.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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

    /**
     * One top-level number of a stored object, without binding the rest (an applier that only
     * compares a time need not build the whole record: binding it was the writer's largest cost).
     *
     * @return the field's value, or {@code missing} when the object has no such number
     */
    public static long readLong(byte[] b, String field, long missing) {
        try (JsonParser p = Json.mapper().getFactory().createParser(b)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return missing;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals(name)) {
                    return v.isNumeric() ? p.getLongValue() : missing;
                }
                p.skipChildren();
            }
            return missing;
        } catch (IOException e) {
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
