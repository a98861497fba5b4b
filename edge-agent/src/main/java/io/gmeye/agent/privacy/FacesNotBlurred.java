package io.gmeye.agent.privacy;

import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;

/** A picture that must not leave the site: faces must be blurred there and cannot be now. */
public final class FacesNotBlurred extends GmeyeException {
    /** The command error every refusal carries, so the hub can tell it from a passing failure. */
    public static final String ERROR = "faces_not_blurred";

    public FacesNotBlurred(String why) {
        super(ErrorKind.UNAVAILABLE, because(why));
    }

    /** The reason a refusal carries, for a caller that reports it without throwing. */
    public static String because(String why) {
        return "faces must be blurred on this site but " + why;
    }
}
