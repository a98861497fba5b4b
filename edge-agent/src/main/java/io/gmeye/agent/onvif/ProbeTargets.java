package io.gmeye.agent.onvif;

import io.gmeye.onvif.discovery.Discovery;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The unicast addresses one probe entry stands for: a host, host:port or an IPv4 range in CIDR form. */
final class ProbeTargets {
    private static final int SMALLEST_PREFIX = 22; // 1,022 hosts: a probe round stays short

    private ProbeTargets() {
    }

    static List<InetSocketAddress> expand(String entry) {
        String e = entry.strip();
        int slash = e.indexOf('/');
        if (slash < 0) {
            int colon = e.lastIndexOf(':');
            if (colon > 0) {
                return List.of(new InetSocketAddress(e.substring(0, colon), port(e.substring(colon + 1), entry)));
            }
            return List.of(new InetSocketAddress(e, Discovery.PORT));
        }
        long base = ipv4(e.substring(0, slash), entry);
        int prefix;
        try {
            prefix = Integer.parseInt(e.substring(slash + 1));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("'" + entry + "' has no prefix length after /");
        }
        if (prefix < SMALLEST_PREFIX || prefix > 32) {
            throw new IllegalArgumentException("'" + entry + "': prefix must be /" + SMALLEST_PREFIX + " to /32");
        }
        long size = 1L << (32 - prefix);
        long network = base & ~(size - 1) & 0xFFFFFFFFL;
        List<InetSocketAddress> out = new ArrayList<>();
        long first = size > 2 ? network + 1 : network; // no network or broadcast address in real subnets
        long last = size > 2 ? network + size - 2 : network + size - 1;
        for (long a = first; a <= last; a++) {
            out.add(new InetSocketAddress(((a >> 24) & 0xFF) + "." + ((a >> 16) & 0xFF) + "." + ((a >> 8) & 0xFF) + "." + (a & 0xFF),
                    Discovery.PORT));
        }
        return out;
    }

    private static long ipv4(String s, String entry) {
        String[] p = s.split("\\.");
        if (p.length != 4) {
            throw new IllegalArgumentException("'" + entry + "' is not an IPv4 range");
        }
        long v = 0;
        for (String octet : p) {
            int o;
            try {
                o = Integer.parseInt(octet);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("'" + entry + "' is not an IPv4 range");
            }
            if (o < 0 || o > 255) {
                throw new IllegalArgumentException("'" + entry + "' is not an IPv4 range");
            }
            v = (v << 8) | o;
        }
        return v;
    }

    private static int port(String s, String entry) {
        try {
            int p = Integer.parseInt(s);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + entry + "' has no valid port");
    }
}
