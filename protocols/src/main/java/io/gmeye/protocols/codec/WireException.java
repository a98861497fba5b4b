package io.gmeye.protocols.codec;

import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;

/** A payload that cannot be accepted; the reason names the field and the problem. */
public final class WireException extends GmeyeException {
    public WireException(ErrorKind kind, String reason) {
        super(kind, reason);
    }

    public static WireException bad(String reason) {
        return new WireException(ErrorKind.BAD_REQUEST, reason);
    }
}
