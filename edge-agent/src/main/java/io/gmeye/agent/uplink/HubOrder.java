package io.gmeye.agent.uplink;

import java.util.ArrayList;
import java.util.List;

/**
 * The order an agent tries a cluster's nodes in after it lost one: the nodes after the one it
 * was connected to first, that one last. Paho tries server URIs in order and waits the connect
 * timeout on a node that does not answer (a host that is down, a hung process), so starting
 * with the node just lost would cost a whole connect timeout (10 s by default) before the
 * failover begins; the jittered backoff before each try stays as it is (no reconnect storm).
 */
final class HubOrder {
    private HubOrder() {
    }

    /** The URLs rotated to start after {@code lost}; as configured when it is null or not among them. */
    static List<String> after(List<String> urls, String lost) {
        int i = lost == null ? -1 : urls.indexOf(lost);
        if (i < 0 || urls.size() < 2) {
            return urls;
        }
        List<String> out = new ArrayList<>(urls.size());
        out.addAll(urls.subList(i + 1, urls.size()));
        out.addAll(urls.subList(0, i + 1));
        return out;
    }
}
