package io.gmeye.agent.onvif;

import io.gmeye.onvif.discovery.Discovery;
import io.gmeye.onvif.discovery.Envelope;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WS-Discovery probe for network video transmitters: sent to each unicast target (and the
 * multicast group), answers collected until the timeout. Blocking; runs on the feature's thread.
 */
final class WsDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(WsDiscovery.class);

    /** A device that answered: its stable endpoint id and where its device service is. */
    record Found(String endpoint, List<String> xAddrs, String scopes) {
    }

    private WsDiscovery() {
    }

    static List<Found> probe(List<InetSocketAddress> targets, boolean multicast, long timeoutMs) throws IOException {
        Envelope probe = Discovery.probe();
        byte[] out = Discovery.write(probe);
        Map<String, Found> found = new LinkedHashMap<>();
        try (DatagramSocket socket = new DatagramSocket()) {
            for (InetSocketAddress t : targets) {
                send(socket, out, t);
            }
            if (multicast) {
                send(socket, out, new InetSocketAddress(Discovery.MULTICAST_GROUP, Discovery.PORT));
            }
            byte[] buf = new byte[65_536];
            long deadline = System.nanoTime() + timeoutMs * 1_000_000;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                take(p, probe.header.messageId, found);
            }
        }
        return new ArrayList<>(found.values());
    }

    private static void send(DatagramSocket socket, byte[] out, InetSocketAddress t) {
        try {
            socket.send(new DatagramPacket(out, out.length, t));
        } catch (IOException e) {
            LOG.debug("ONVIF probe to {} not sent: {}", t, e.getMessage()); // an unreachable range member
        }
    }

    private static void take(DatagramPacket p, String probeId, Map<String, Found> found) {
        Envelope e;
        try {
            e = Discovery.read(p.getData(), p.getLength());
        } catch (IllegalArgumentException ex) {
            LOG.debug("not a WS-Discovery answer from {}: {}", p.getSocketAddress(), ex.getMessage());
            return;
        }
        if (e.body.probeMatches == null || (e.header.relatesTo != null && !e.header.relatesTo.equals(probeId))) {
            return;
        }
        for (Envelope.ProbeMatch m : e.body.probeMatches.matches) {
            if (m.endpointReference == null || m.endpointReference.address == null || m.xAddrs == null) {
                continue;
            }
            found.put(m.endpointReference.address, new Found(m.endpointReference.address, List.of(m.xAddrs.strip().split("\\s+")),
                    m.scopes));
        }
    }
}
