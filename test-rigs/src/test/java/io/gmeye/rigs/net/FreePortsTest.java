package io.gmeye.rigs.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
    @Test
    void handsOutEachPortOnceBelowTheEphemeralRange() throws Exception {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int port = FreePorts.next();
            assertTrue(port >= 10_000 && port < FreePorts.ephemeralLow(), "port " + port);
            assertTrue(seen.add(port), "port " + port + " handed out twice");
        }
        assertEquals(2_000, seen.size());
    }

    @Test
    void skipsAPortSomethingListensOnAndSaysSoWhenTheRangeIsUsedUp() throws Exception {
        int low = threeFreePortsAbove(61_000); // above Linux's ephemeral range: nothing hands these out
        try (ServerSocket taken = new ServerSocket(low + 1, 1, InetAddress.getLoopbackAddress())) {
            Set<Integer> got = Set.of(FreePorts.next(low, low + 3), FreePorts.next(low, low + 3));
            assertEquals(Set.of(low, low + 2), got);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> FreePorts.next(low, low + 3));
            assertTrue(e.getMessage().contains("no free loopback port in [" + low), e.getMessage());
        }
    }

    private static int threeFreePortsAbove(int from) {
        for (int base = from; base + 3 <= 65_535; base += 3) {
            if (bindable(base) && bindable(base + 1) && bindable(base + 2)) {
                return base;
            }
        }
        throw new IllegalStateException("no three free loopback ports above " + from);
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
