package io.gmeye.platform.config;

import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;

/** A configuration that cannot be used; the message names the file, the field and the problem. */
public final class ConfigException extends GmeyeException {
    public ConfigException(String reason) {
        super(ErrorKind.BAD_REQUEST, reason);
    }
}
