package io.gmeye.hub.video.clip;

import java.util.Optional;

/**
 * One range of an HTTP {@code Range: bytes=...} header, resolved against a file's size (RFC 9110
 * 14.1.2): {@code a-b}, {@code a-} and the suffix {@code -n}. A header with several ranges is
 * answered with the first (browsers ask for one). Empty: not satisfiable (416).
 */
record ByteRange(long start, long end) {
    long length() {
        return end - start + 1;
    }

    /** @return the whole file when there is no header or it is not a bytes range; empty when it cannot be satisfied */
    static Optional<ByteRange> parse(String header, long size) {
        ByteRange whole = new ByteRange(0, size - 1);
        if (header == null || !header.trim().startsWith("bytes=")) {
            return Optional.of(whole);
        }
        String spec = header.trim().substring(6).split(",")[0].trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                return suffix <= 0 || size == 0 ? Optional.empty() : Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(a);
            long end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            return start >= size || end < start ? Optional.empty() : Optional.of(new ByteRange(start, end));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
