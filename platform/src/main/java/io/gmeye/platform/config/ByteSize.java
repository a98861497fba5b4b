package io.gmeye.platform.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes, written in configuration as 512MiB, 2GiB, 64KB or a plain number. */
public record ByteSize(long bytes) {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?i?B?)?", Pattern.CASE_INSENSITIVE);

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }

    public static ByteSize parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 512MiB, 2GiB, 1048576)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        long mult = switch (unit.isEmpty() ? ' ' : unit.charAt(0)) {
            case 'K' -> unit.contains("I") ? 1L << 10 : 1_000L;
            case 'M' -> unit.contains("I") ? 1L << 20 : 1_000_000L;
            case 'G' -> unit.contains("I") ? 1L << 30 : 1_000_000_000L;
            case 'T' -> unit.contains("I") ? 1L << 40 : 1_000_000_000_000L;
            default -> 1L;
        };
        return new ByteSize((long) (n * mult));
    }

    @Override
    public String toString() {
        return bytes + "B";
    }
}
