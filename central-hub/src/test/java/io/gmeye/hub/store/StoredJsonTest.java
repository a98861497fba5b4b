package io.gmeye.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredJsonTest {
    private static long readAt(String json) {
        return StoredJson.readLong(json.getBytes(StandardCharsets.UTF_8), "at", -1);
    }

    @Test
    void readsATopLevelNumberAfterNestedObjectsAndArraysThatHoldTheSameName() {
        assertEquals(1_733_500_000_123L, readAt("{\"site\":\"s1\",\"reading\":{\"at\":5,\"v\":[{\"at\":6}]},\"tags\":[1,{\"at\":7}],"
                + "\"at\":1733500000123,\"after\":{\"at\":8}}"));
    }

    @Test
    void givesTheMissingValueWhenTheFieldIsAbsentNotANumberOrOnlyNested() {
        assertEquals(-1, readAt("{\"site\":\"s1\"}"));
        assertEquals(-1, readAt("{\"at\":\"2026-12-06T20:00:00Z\"}"));
        assertEquals(-1, readAt("{\"at\":null}"));
        assertEquals(-1, readAt("{\"inner\":{\"at\":5}}"));
        assertEquals(-1, readAt("[{\"at\":5}]"));
        assertEquals(-1, readAt("{}"));
    }

    @Test
    void refusesBytesThatAreNotJson() {
        assertThrows(UncheckedIOException.class, () -> readAt("{\"at\":"));
        assertThrows(UncheckedIOException.class, () -> readAt("{\"site\" 5}"));
    }
}
