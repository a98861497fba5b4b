package io.gmeye.protocols.envelope;

/** Enums on the wire are lower-case words ("not_found"); this finds the constant or says which words are allowed. */
public final class WireEnum {
    private WireEnum() {
    }

    public static String wire(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String text) {
        if (text != null) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(text)) {
                    return e;
                }
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(wire(e));
        }
        throw new IllegalArgumentException("'" + text + "' is not one of " + allowed);
    }
}
