package io.gmeye.agent.onvif;

import io.gmeye.platform.config.Validated;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * ONVIF cameras found by WS-Discovery and pulled over the RTSP address they give.
 *
 * @param username       the cameras' ONVIF user (WS-UsernameToken digest); also put in the RTSP URL
 * @param password       its password
 * @param probe          addresses probed by unicast: {@code host}, {@code host:port} (default port 3702) or a
 *                       range {@code 192.168.1.0/24} (at most /22)
 * @param multicast      also probe the multicast group 239.255.255.250:3702 (where the network carries multicast)
 * @param probeEvery     how often the network is probed again for new or moved cameras
 * @param probeTimeout   how long answers to one probe are collected
 * @param requestTimeout how long a camera has to answer a SOAP request
 * @param decode         as for RTSP cameras: auto (default), full, keyframes, ondemand
 * @param transport      RTSP transport, tcp (default) or udp
 * @param tags           tags every ONVIF camera of the site carries
 */
public record OnvifConfig(boolean enabled, String username, String password, List<String> probe, boolean multicast, Duration probeEvery,
                          Duration probeTimeout, Duration requestTimeout, String decode, String transport, List<String> tags)
        implements Validated {

    public OnvifConfig {
        probe = probe == null ? List.of() : List.copyOf(probe);
        probeEvery = probeEvery == null ? Duration.ofMinutes(5) : probeEvery;
        probeTimeout = probeTimeout == null ? Duration.ofSeconds(2) : probeTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
        decode = decode == null ? "auto" : decode;
        transport = transport == null ? "tcp" : transport;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @Override
    public void validate() {
        if (!enabled) {
            return;
        }
        if (username == null || password == null) {
            throw new IllegalArgumentException("username: ONVIF cameras need a username and password (WS-UsernameToken)");
        }
        if (probe.isEmpty() && !multicast) {
            throw new IllegalArgumentException("probe: list the cameras' addresses or ranges, or set multicast: true");
        }
        for (int i = 0; i < probe.size(); i++) {
            try {
                ProbeTargets.expand(probe.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("probe[" + i + "]: " + e.getMessage());
            }
        }
        if (!io.gmeye.protocols.config.CameraSpec.DECODE_MODES.contains(decode)) {
            throw new IllegalArgumentException("decode: '" + decode + "' (use auto, full, keyframes or ondemand)");
        }
        if (!Set.of("tcp", "udp").contains(transport)) {
            throw new IllegalArgumentException("transport: '" + transport + "' (use tcp or udp)");
        }
        for (var d : List.of(probeEvery, probeTimeout, requestTimeout)) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("probeEvery, probeTimeout and requestTimeout: must be longer than zero, got " + d);
            }
        }
    }
}
