package io.gmeye.rigs.gb28181;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated GB/T 28181 device: an IPC with one channel or an NVR with many.
 *
 * @param sipTransport    udp or tcp: how it registers and talks SIP
 * @param keepalive       its keepalive interval
 * @param expires         the registration it asks for, in seconds
 * @param itemsPerMessage catalog items per MESSAGE (an NVR of 64 channels answers in 64 / this parts)
 * @param hevc            streams H.265 instead of H.264
 */
public record DeviceSpec(String id, String password, String sipTransport, List<Channel> channels, Duration keepalive, int expires,
                         int itemsPerMessage, boolean hevc, String manufacturer, String model) {

    /** @param ptzType 1 dome (turns), 3 fixed bullet */
    public record Channel(String id, String name, String civilCode, int ptzType) {
    }

    public DeviceSpec {
        channels = List.copyOf(channels);
    }

    /** An IPC: device id type 132, one channel of type 131 carrying the same serial number. */
    public static DeviceSpec ipc(int serial, String password, boolean ptz) {
        String id = id("132", serial);
        return new DeviceSpec(id, password, "udp", List.of(new Channel(id("131", serial), "光明大道 IPC " + serial, "440311", ptz ? 1 : 3)),
                Duration.ofSeconds(2), 3600, 1, false, "gmeye-rig", "IPC-sim");
    }

    /** An NVR: device id type 118, {@code channels} channels of type 131, the first of each ten a dome. */
    public static DeviceSpec nvr(int serial, String password, int channels) {
        String id = id("118", serial);
        List<Channel> list = new ArrayList<>();
        for (int i = 1; i <= channels; i++) {
            list.add(new Channel(id("131", serial * 1000 + i), "NVR " + serial + " 通道 " + i, "440311", i % 10 == 1 ? 1 : 3));
        }
        return new DeviceSpec(id, password, "udp", list, Duration.ofSeconds(2), 3600, 4, false, "gmeye-rig", "NVR-sim");
    }

    /** A 20-digit id in the rig's domain 4403110000 (Guangming): centre 44031100, industry 00, type, serial. */
    public static String id(String type, int serial) {
        return "4403110000" + type + String.format("%07d", serial);
    }

    public DeviceSpec withTransport(String transport) {
        return new DeviceSpec(id, password, transport, channels, keepalive, expires, itemsPerMessage, hevc, manufacturer, model);
    }

    public DeviceSpec withKeepalive(Duration every) {
        return new DeviceSpec(id, password, sipTransport, channels, every, expires, itemsPerMessage, hevc, manufacturer, model);
    }

    public DeviceSpec withHevc(boolean h265) {
        return new DeviceSpec(id, password, sipTransport, channels, keepalive, expires, itemsPerMessage, h265, manufacturer, model);
    }

    public DeviceSpec withPassword(String pw) {
        return new DeviceSpec(id, pw, sipTransport, channels, keepalive, expires, itemsPerMessage, hevc, manufacturer, model);
    }
}
