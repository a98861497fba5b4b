package io.gmeye.agent.gb28181.manscdp;

import io.gmeye.protocols.camera.PtzRequest;

/**
 * The 8-byte PTZ instruction of a DeviceControl (GB/T 28181-2016 appendix A.3), as 16 hex digits:
 * A5, version and check nibble, address, instruction, data 1 and 2, zoom speed with the address's
 * high nibble, checksum.
 */
public final class PtzCmd {
    private static final int RIGHT = 0x01;
    private static final int LEFT = 0x02;
    private static final int DOWN = 0x04;
    private static final int UP = 0x08;
    private static final int ZOOM_IN = 0x10;
    private static final int ZOOM_OUT = 0x20;
    private static final int SET_PRESET = 0x81;
    private static final int GOTO_PRESET = 0x82;

    private PtzCmd() {
    }

    /** The PTZCmd text for an operator's request. */
    public static String of(PtzRequest r) {
        return switch (r.action()) {
            case PtzRequest.STOP -> encode(0, 0, 0, 0);
            case PtzRequest.GOTO_PRESET -> encode(GOTO_PRESET, 0, r.preset(), 0);
            case PtzRequest.SET_PRESET -> encode(SET_PRESET, 0, r.preset(), 0);
            default -> {
                int code = 0;
                code |= r.pan() > 0 ? RIGHT : r.pan() < 0 ? LEFT : 0;
                code |= r.tilt() > 0 ? UP : r.tilt() < 0 ? DOWN : 0;
                code |= r.zoom() > 0 ? ZOOM_IN : r.zoom() < 0 ? ZOOM_OUT : 0;
                yield encode(code, speed(r.pan(), 255), speed(r.tilt(), 255), speed(r.zoom(), 15));
            }
        };
    }

    private static int speed(double velocity, int max) {
        return velocity == 0 ? 0 : Math.max(1, (int) Math.round(Math.abs(velocity) * max));
    }

    static String encode(int instruction, int data1, int data2, int zoomSpeed) {
        int[] b = new int[8];
        b[0] = 0xA5;
        b[1] = (0x0 << 4) | (((0xA5 >> 4) + (0xA5 & 0x0F) + 0x0) % 16); // version 0, check nibble
        b[2] = 0x00; // address: the channel is named by DeviceID, the address is 0
        b[3] = instruction & 0xFF;
        b[4] = data1 & 0xFF;
        b[5] = data2 & 0xFF;
        b[6] = (zoomSpeed & 0x0F) << 4; // address high nibble 0
        int sum = 0;
        for (int i = 0; i < 7; i++) {
            sum += b[i];
        }
        b[7] = sum % 256;
        StringBuilder s = new StringBuilder(16);
        for (int v : b) {
            s.append(String.format("%02X", v));
        }
        return s.toString();
    }
}
