package io.gmeye.models.runtime;

import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;

/** A model that cannot run: not installed, corrupt, or not the shape its manifest says. The reason names the model and the fix. */
public final class ModelUnavailableException extends GmeyeException {
    private final String model;

    public ModelUnavailableException(String model, String reason) {
        super(ErrorKind.UNAVAILABLE, "model " + model + ": " + reason);
        this.model = model;
    }

    public String model() {
        return model;
    }
}
