package io.gmeye.agent.gb28181;

import io.gmeye.platform.config.Validated;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agent as a GB/T 28181 platform that cameras, NVRs and lower platforms register to.
 *
 * @param id                 the agent's 20-digit SIP id (what a device's page calls "SIP server id")
 * @param domain             the SIP domain and digest realm, by default the id's first 10 digits
 * @param host               where SIP listens, UDP and TCP
 * @param address            the address devices reach the agent at (Contact, SDP); by default {@code host},
 *                           or this box's first non-loopback address when {@code host} is a wildcard
 * @param port               SIP port, UDP and TCP
 * @param password           the site's password for devices not listed in {@code devices}; none: unlisted devices are refused
 * @param devices            devices with their own password, media transport and tags
 * @param keepaliveInterval  the keepalive interval devices are set to
 * @param keepaliveMisses    a device that misses this many keepalives in a row goes offline, its channels too
 * @param registerExpiresMax longest registration granted; a device asking for more is given this
 * @param requestTimeout     how long a device has to answer an INVITE or a query
 * @param decode             how GB channels are decoded once invited, as RTSP cameras: auto (default), full, keyframes, ondemand
 * @param civilTags          civil code (行政区划, or its prefix) to the tag its channels carry
 */
public record GbConfig(
        boolean enabled,
        String id,
        String domain,
        String host,
        String address,
        int port,
        String password,
        List<Device> devices,
        Duration keepaliveInterval,
        int keepaliveMisses,
        Duration registerExpiresMax,
        Duration requestTimeout,
        Media media,
        String decode,
        Map<String, String> civilTags) implements Validated {

    private static final Pattern GB_ID = Pattern.compile("\\d{20}");

    /**
     * @param id       the device's 20-digit id
     * @param password its digest password; none: the site's
     * @param media    udp or tcp (RTP over TCP, the agent passive), default: the media section's
     * @param tags     tags every channel of the device carries
     */
    public record Device(String id, String password, String media, List<String> tags) {
        public Device {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /**
     * @param transport    udp or tcp (RFC 4571 framing, devices connect to the agent: TCP passive)
     * @param host         where RTP is received, by default the SIP host
     * @param portMin      lowest RTP port (0 with portMax 0: any free port)
     * @param portMax      highest RTP port
     * @param rtpTimeout   no RTP this long after the answer or since the last packet: 收流超时, the stream is released
     * @param releaseAfter a stream nothing needs is released (BYE) after this long
     * @param reorderPackets RTP packets held to put a reordered stream back in sequence
     */
    public record Media(String transport, String host, int portMin, int portMax, Duration rtpTimeout, Duration releaseAfter,
                        int reorderPackets) {
        public Media {
            transport = transport == null ? "udp" : transport;
            rtpTimeout = rtpTimeout == null ? Duration.ofSeconds(10) : rtpTimeout;
            releaseAfter = releaseAfter == null ? Duration.ofSeconds(30) : releaseAfter;
            reorderPackets = reorderPackets == 0 ? 64 : reorderPackets;
        }
    }

    public GbConfig {
        domain = domain == null && id != null && id.length() >= 10 ? id.substring(0, 10) : domain;
        host = host == null ? "0.0.0.0" : host;
        port = port == 0 ? 5060 : port;
        devices = devices == null ? List.of() : List.copyOf(devices);
        keepaliveInterval = keepaliveInterval == null ? Duration.ofSeconds(60) : keepaliveInterval;
        keepaliveMisses = keepaliveMisses == 0 ? 3 : keepaliveMisses;
        registerExpiresMax = registerExpiresMax == null ? Duration.ofHours(1) : registerExpiresMax;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
        media = media == null ? new Media(null, null, 0, 0, null, null, 0) : media;
        decode = decode == null ? "auto" : decode;
        civilTags = civilTags == null ? Map.of() : Map.copyOf(civilTags);
    }

    /** The address the agent gives devices, for SIP and media. */
    public String reachableAddress() {
        if (address != null) {
            return address;
        }
        if (!"0.0.0.0".equals(host) && !"::".equals(host)) {
            return host;
        }
        return LocalAddress.firstNonLoopback();
    }

    public String mediaHost() {
        return media.host() == null ? host : media.host();
    }

    public Device device(String deviceId) {
        for (Device d : devices) {
            if (d.id().equals(deviceId)) {
                return d;
            }
        }
        return null;
    }

    /** The password a device must prove, or null when it is not let in. */
    public String passwordOf(String deviceId) {
        Device d = device(deviceId);
        if (d != null && d.password() != null) {
            return d.password();
        }
        return password;
    }

    public String mediaTransportOf(String deviceId) {
        Device d = device(deviceId);
        return d != null && d.media() != null ? d.media() : media.transport();
    }

    @Override
    public void validate() {
        if (!enabled) {
            return;
        }
        if (id == null || !GB_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id: must be the agent's 20-digit SIP id, got '" + id + "'");
        }
        if (domain == null || !domain.matches("\\d{10}")) {
            throw new IllegalArgumentException("domain: must be 10 digits (the id's first 10 by default), got '" + domain + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: must be 1..65535, got " + port);
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            String at = "devices[" + i + "]";
            if (d.id() == null || !GB_ID.matcher(d.id()).matches()) {
                throw new IllegalArgumentException(at + ".id: must be a 20-digit GB/T 28181 id, got '" + d.id() + "'");
            }
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException(at + ".id: '" + d.id() + "' is listed twice");
            }
            if (d.media() != null && !Set.of("udp", "tcp").contains(d.media())) {
                throw new IllegalArgumentException(at + ".media: '" + d.media() + "' (use udp or tcp)");
            }
            if (d.password() == null && password == null) {
                throw new IllegalArgumentException(at + ".password: is required when the section has no password");
            }
        }
        if (!Set.of("udp", "tcp").contains(media.transport())) {
            throw new IllegalArgumentException("media.transport: '" + media.transport() + "' (use udp or tcp)");
        }
        if (media.portMin() < 0 || media.portMax() > 65535 || media.portMax() < media.portMin()) {
            throw new IllegalArgumentException("media.portMax: the range " + media.portMin() + "-" + media.portMax() + " is not a port range");
        }
        if (media.reorderPackets() < 1 || media.reorderPackets() > 4096) {
            throw new IllegalArgumentException("media.reorderPackets: must be 1..4096, got " + media.reorderPackets());
        }
        positive(media.rtpTimeout(), "media.rtpTimeout");
        positive(media.releaseAfter(), "media.releaseAfter");
        positive(keepaliveInterval, "keepaliveInterval");
        positive(registerExpiresMax, "registerExpiresMax");
        positive(requestTimeout, "requestTimeout");
        if (keepaliveMisses < 1) {
            throw new IllegalArgumentException("keepaliveMisses: must be at least 1, got " + keepaliveMisses);
        }
        if (!io.gmeye.protocols.config.CameraSpec.DECODE_MODES.contains(decode)) {
            throw new IllegalArgumentException("decode: '" + decode + "' (use auto, full, keyframes or ondemand)");
        }
    }

    private static void positive(Duration d, String field) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(field + ": must be longer than zero, got " + d);
        }
    }
}
