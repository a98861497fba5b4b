package io.gmeye.protocols.error;

/**
 * The one exception every edge translates: a kind that maps to protocol codes, and a reason a
 * person can act on. Never carries a stack trace to an operator's screen.
 */
public class GmeyeException extends RuntimeException {
    private final ErrorKind kind;

    public GmeyeException(ErrorKind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public GmeyeException(ErrorKind kind, String reason, Throwable cause) {
        super(reason, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String reason() {
        return getMessage();
    }

    public static GmeyeException badRequest(String reason) {
        return new GmeyeException(ErrorKind.BAD_REQUEST, reason);
    }

    public static GmeyeException notFound(String reason) {
        return new GmeyeException(ErrorKind.NOT_FOUND, reason);
    }

    public static GmeyeException unavailable(String reason) {
        return new GmeyeException(ErrorKind.UNAVAILABLE, reason);
    }

    public static GmeyeException forbidden(String reason) {
        return new GmeyeException(ErrorKind.FORBIDDEN, reason);
    }

    /** Whatever was thrown, as a GmeyeException; unknown failures are internal errors with their message. */
    public static GmeyeException of(Throwable t) {
        if (t instanceof GmeyeException g) {
            return g;
        }
        if (t.getCause() instanceof GmeyeException g) {
            return g;
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new GmeyeException(ErrorKind.INTERNAL, msg, t);
    }
}
