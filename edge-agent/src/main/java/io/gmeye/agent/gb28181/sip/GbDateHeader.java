package io.gmeye.agent.gb28181.sip;

import gov.nist.javax.sip.header.SIPDateHeader;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The Date header GB/T 28181 devices set their clocks from: local time as
 * {@code 2024-05-01T08:30:00.000}, not the RFC 1123 form JAIN-SIP writes.
 */
final class GbDateHeader extends SIPDateHeader {
    private static final DateTimeFormatter GB = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private final String text;

    GbDateHeader(Instant at, ZoneId zone) {
        this.text = GB.format(at.atZone(zone));
    }

    @Override
    public StringBuilder encodeBody(StringBuilder buffer) {
        return buffer.append(text);
    }
}
