package io.gmeye.platform.config;

/**
 * A configuration record that checks itself after binding. Throw {@link IllegalArgumentException}
 * with "field: problem"; the loader prefixes the path so the message points at the YAML line.
 */
public interface Validated {
    void validate();
}
