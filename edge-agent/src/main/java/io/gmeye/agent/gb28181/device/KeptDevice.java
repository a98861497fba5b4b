package io.gmeye.agent.gb28181.device;

import java.util.List;

/**
 * A registered device as kept across restarts: where to reach it, until when its registration
 * holds, what it said of itself and its catalog.
 *
 * @param transport udp or tcp: how it registered, and how requests reach it
 * @param host      the address its REGISTER came from (behind NAT: the public one), not its Contact
 * @param expiresAt agent time its registration ends unless refreshed
 */
public record KeptDevice(String id, String transport, String host, int port, long registeredAt, long expiresAt, String name,
                         String manufacturer, String model, String firmware, List<KeptChannel> channels) {
    public KeptDevice {
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /**
     * One video channel of a device (for an IPC, usually its only one).
     *
     * @param parentId the device or group it hangs under in the catalog
     * @param ptzType  1 dome, 2 half-dome, 3 fixed, 4 remote-controlled bullet, 0 not said
     */
    public record KeptChannel(String id, String name, String civilCode, String parentId, boolean on, int ptzType, String manufacturer,
                              String model) {
        public boolean ptz() {
            return ptzType == 1 || ptzType == 4;
        }
    }

    KeptDevice withRegistration(String transport, String host, int port, long registeredAt, long expiresAt) {
        return new KeptDevice(id, transport, host, port, registeredAt, expiresAt, name, manufacturer, model, firmware, channels);
    }

    KeptDevice withInfo(String name, String manufacturer, String model, String firmware) {
        return new KeptDevice(id, transport, host, port, registeredAt, expiresAt, name, manufacturer, model, firmware, channels);
    }

    KeptDevice withChannels(List<KeptChannel> newChannels) {
        return new KeptDevice(id, transport, host, port, registeredAt, expiresAt, name, manufacturer, model, firmware, newChannels);
    }
}
