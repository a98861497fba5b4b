package io.gmeye.agent.gb28181;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** The box's own address, for devices to reach it when the agent listens on a wildcard. */
final class LocalAddress {
    private LocalAddress() {
    }

    static String firstNonLoopback() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through: loopback at least works on the box itself
        }
        return "127.0.0.1";
    }
}
