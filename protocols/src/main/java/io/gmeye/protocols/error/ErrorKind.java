package io.gmeye.protocols.error;

/**
 * What went wrong, in the terms every edge of the system translates once: an MQTT v5 reason
 * code, a CoAP response code and an HTTP status. Client kinds are the caller's to fix; server
 * kinds are ours.
 */
public enum ErrorKind {
    BAD_REQUEST(true, 0x99, 0x80 /* 4.00 */, 400),
    UNSUPPORTED_VERSION(true, 0x99, 0x80, 400),
    UNAUTHORIZED(true, 0x87, 0x81 /* 4.01 */, 401),
    FORBIDDEN(true, 0x87, 0x83 /* 4.03 */, 403),
    TOPIC_INVALID(true, 0x90, 0x84 /* 4.04 */, 404),
    NOT_FOUND(true, 0x90, 0x84, 404),
    CONFLICT(true, 0x83, 0x89 /* 4.09 */, 409),
    TOO_LARGE(true, 0x95, 0x8D /* 4.13 */, 413),
    RATE_LIMITED(true, 0x96, 0x9D /* 4.29 */, 429),
    UNAVAILABLE(false, 0x97, 0xA3 /* 5.03 */, 503),
    STORAGE_FULL(false, 0x97, 0xA3, 507),
    TIMEOUT(false, 0x80, 0xA4 /* 5.04 */, 504),
    INTERNAL(false, 0x80, 0xA0 /* 5.00 */, 500);

    private final boolean clientError;
    private final int mqttReasonCode;
    private final int coapCode;
    private final int httpStatus;

    ErrorKind(boolean clientError, int mqttReasonCode, int coapCode, int httpStatus) {
        this.clientError = clientError;
        this.mqttReasonCode = mqttReasonCode;
        this.coapCode = coapCode;
        this.httpStatus = httpStatus;
    }

    public boolean clientError() {
        return clientError;
    }

    /** MQTT v5 PUBACK reason code: 0x99 payload format invalid, 0x87 not authorized, 0x97 quota exceeded... */
    public int mqttReasonCode() {
        return mqttReasonCode;
    }

    /** CoAP response code as one byte, class in the top three bits (0x80 = 4.00). */
    public int coapCode() {
        return coapCode;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
