package io.gmeye.agent.gb28181.media;

import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's RTP ports: a configured range (firewalls open it) walked round-robin so a port
 * just released is not reused at once, or any free port when the range is 0-0.
 */
public final class MediaPorts {
    /** Binds a socket to a port, or fails with BindException when the port is taken. */
    public interface Binder<T> {
        T bind(int port) throws IOException;
    }

    private final int min;
    private final int max;
    private final AtomicInteger next;

    public MediaPorts(int min, int max) {
        this.min = min;
        this.max = max;
        this.next = new AtomicInteger(min);
    }

    public <T> T bind(Binder<T> binder) throws IOException {
        if (min == 0 && max == 0) {
            return binder.bind(0);
        }
        int span = max - min + 1;
        for (int i = 0; i < span; i++) {
            int port = min + Math.floorMod(next.getAndIncrement() - min, span);
            try {
                return binder.bind(port);
            } catch (BindException e) {
                // taken: try the next
            }
        }
        throw new BindException("no free RTP port in " + min + "-" + max + " (raise gb28181.media.portMax)");
    }
}
