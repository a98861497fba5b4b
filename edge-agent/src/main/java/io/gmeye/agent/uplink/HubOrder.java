package io.gmeye.agent.uplink;

import java.util.ArrayList;
import java.util.List;

/**
 * The order an agent tries a cluster's nodes in: after losing one, the nodes after it first and
 * that one last; after a try that failed, the nodes after the one that try began with. Paho
 * tries server URIs in order, and on a node that takes TCP and never answers (a hung process, a
 * host gone behind a firewall) it waits out the connect timeout and the whole try fails: an
 * agent that always began with that node would never reach the others. The jittered backoff
 * before each try stays as it is (no reconnect storm).
 */
final class HubOrder {
    private HubOrder() {
    }

    /** The URLs rotated to start after {@code last}; as configured when it is null or not among them. */
    static List<String> after(List<String> urls, String last) {
        int i = last == null ? -1 : urls.indexOf(last);
        if (i < 0 || urls.size() < 2) {
            return urls;
        }
        List<String> out = new ArrayList<>(urls.size());
        out.addAll(urls.subList(i + 1, urls.size()));
        out.addAll(urls.subList(0, i + 1));
        return out;
    }
}
