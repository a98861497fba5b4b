package io.gmeye.rigs.gb28181;

import java.util.HexFormat;

/**
 * A PTZ instruction a simulated device received, decoded the way a dome camera's controller
 * reads the 8 bytes of GB/T 28181 appendix A.3.
 *
 * @param action   move, stop, goto_preset, set_preset or unknown
 * @param pan      speed to the right (negative: left), 0..255
 * @param tilt     speed up (negative: down), 0..255
 * @param zoom     zoom speed in (negative: out), 0..15
 * @param checksum whether the check nibble and the checksum byte were right
 */
public record PtzRecord(String channelId, String ptzCmd, String action, int pan, int tilt, int zoom, int preset, boolean checksum) {

    static PtzRecord decode(String channelId, String hex) {
        byte[] raw;
        try {
            raw = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return new PtzRecord(channelId, hex, "unknown", 0, 0, 0, 0, false);
        }
        if (raw.length != 8) {
            return new PtzRecord(channelId, hex, "unknown", 0, 0, 0, 0, false);
        }
        int[] b = new int[8];
        for (int i = 0; i < 8; i++) {
            b[i] = raw[i] & 0xFF;
        }
        int sum = 0;
        for (int i = 0; i < 7; i++) {
            sum += b[i];
        }
        boolean ok = b[0] == 0xA5 && (b[1] & 0x0F) == ((0xA + 0x5 + (b[1] >> 4)) & 0x0F) && b[7] == (sum & 0xFF);
        int code = b[3];
        return switch (code) {
            case 0x81 -> new PtzRecord(channelId, hex, "set_preset", 0, 0, 0, b[5], ok);
            case 0x82 -> new PtzRecord(channelId, hex, "goto_preset", 0, 0, 0, b[5], ok);
            case 0x00 -> new PtzRecord(channelId, hex, "stop", 0, 0, 0, 0, ok);
            default -> {
                if ((code & 0xC0) != 0) {
                    yield new PtzRecord(channelId, hex, "unknown", 0, 0, 0, 0, ok);
                }
                int pan = (code & 0x01) != 0 ? b[4] : (code & 0x02) != 0 ? -b[4] : 0;
                int tilt = (code & 0x08) != 0 ? b[5] : (code & 0x04) != 0 ? -b[5] : 0;
                int zoomSpeed = b[6] >> 4;
                int zoom = (code & 0x10) != 0 ? zoomSpeed : (code & 0x20) != 0 ? -zoomSpeed : 0;
                yield new PtzRecord(channelId, hex, "move", pan, tilt, zoom, 0, ok);
            }
        };
    }
}
