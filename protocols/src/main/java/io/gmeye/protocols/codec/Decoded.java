package io.gmeye.protocols.codec;

import io.gmeye.protocols.envelope.Envelope;

/** An accepted envelope and its bytes as they came, so storage keeps exactly what was sent. */
public record Decoded(Envelope<?> envelope, byte[] raw) {
}
