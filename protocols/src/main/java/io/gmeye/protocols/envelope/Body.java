package io.gmeye.protocols.envelope;

/** Marker for the typed records an envelope can carry; each is bound to one {@link MessageType}. */
public interface Body {
}
