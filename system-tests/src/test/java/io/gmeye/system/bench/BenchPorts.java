package io.gmeye.system.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

final class BenchPorts {
    private BenchPorts() {
    }

    static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
