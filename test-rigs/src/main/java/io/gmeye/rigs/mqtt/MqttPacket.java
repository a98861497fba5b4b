package io.gmeye.rigs.mqtt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MQTT v5 packets as bytes, written by hand so a rig can send what no well-behaved client would:
 * oversize packets, broken lengths, publishes that ignore the server's limits. Only the packets
 * and properties the rigs need.
 */
public final class MqttPacket {
    public static final int CONNECT = 1;
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int SUBSCRIBE = 8;
    public static final int SUBACK = 9;
    public static final int PINGREQ = 12;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;
    /** The user property in which a binary publish carries its envelope (the hub's wire contract). */
    public static final String ENVELOPE_PROPERTY = "gm-envelope";

    private MqttPacket() {
    }

    /** A received packet: its type, flags and body (everything after the fixed header). */
    public record Received(int type, int flags, byte[] body) {
        /** The reason code of CONNACK, PUBACK, DISCONNECT (0 when omitted), or the first of a SUBACK. */
        public int reasonCode() {
            return switch (type) {
                case CONNACK -> body.length > 1 ? body[1] & 0xFF : 0;
                case PUBACK -> body.length > 2 ? body[2] & 0xFF : 0;
                case DISCONNECT -> body.length > 0 ? body[0] & 0xFF : 0;
                case SUBACK -> subackCodes().isEmpty() ? -1 : subackCodes().get(0);
                default -> -1;
            };
        }

        public int packetId() {
            return body.length >= 2 ? ((body[0] & 0xFF) << 8) | (body[1] & 0xFF) : -1;
        }

        /** The reason string property, or null. */
        public String reasonString() {
            int at = switch (type) {
                case CONNACK -> 2;
                case PUBACK -> body.length > 3 ? 3 : -1;
                case DISCONNECT -> body.length > 1 ? 1 : -1;
                case SUBACK -> 2;
                default -> -1;
            };
            return at < 0 ? null : Properties.reasonString(body, at);
        }

        public List<Integer> subackCodes() {
            if (type != SUBACK) {
                return List.of();
            }
            int[] pos = {2};
            int len = Properties.varint(body, pos);
            List<Integer> out = new ArrayList<>();
            for (int i = pos[0] + len; i < body.length; i++) {
                out.add(body[i] & 0xFF);
            }
            return out;
        }

        @Override
        public String toString() {
            return "packet type " + type + " rc=0x" + Integer.toHexString(Math.max(0, reasonCode())) + " reason=" + reasonString();
        }
    }

    public static byte[] connect(String clientId, String user, String password, int keepAliveSeconds) {
        Writer w = new Writer();
        w.string("MQTT").u8(5);
        int flags = 0x02 | (user != null ? 0x80 : 0) | (password != null ? 0x40 : 0);
        w.u8(flags).u16(keepAliveSeconds).varint(0);
        w.string(clientId);
        if (user != null) {
            w.string(user);
        }
        if (password != null) {
            w.binary(password.getBytes(StandardCharsets.UTF_8));
        }
        return w.packet(CONNECT << 4);
    }

    /** A PUBLISH; {@code userProperties} alternate key, value. */
    public static byte[] publish(String topic, int qos, int packetId, byte[] payload, String... userProperties) {
        Writer w = new Writer();
        w.string(topic);
        if (qos > 0) {
            w.u16(packetId);
        }
        Writer props = new Writer();
        for (int i = 0; i + 1 < userProperties.length; i += 2) {
            props.u8(0x26).string(userProperties[i]).string(userProperties[i + 1]);
        }
        byte[] p = props.bytes();
        w.varint(p.length).raw(p).raw(payload);
        return w.packet((PUBLISH << 4) | (qos << 1));
    }

    public static byte[] subscribe(int packetId, String filter, int qos) {
        Writer w = new Writer();
        w.u16(packetId).varint(0).string(filter).u8(qos);
        return w.packet((SUBSCRIBE << 4) | 0x02);
    }

    public static byte[] puback(int packetId) {
        return new Writer().u16(packetId).packet(PUBACK << 4);
    }

    public static byte[] pingreq() {
        return new byte[] {(byte) (PINGREQ << 4), 0};
    }

    public static byte[] disconnect() {
        return new byte[] {(byte) (DISCONNECT << 4), 0};
    }

    /** A fixed header announcing {@code remaining} bytes, for packets whose body follows in pieces (or never). */
    public static byte[] header(int firstByte, int remaining) {
        Writer w = new Writer();
        w.u8(firstByte).varint(remaining);
        return w.bytes();
    }

    /** Builds packets. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer u8(int v) {
            out.write(v);
            return this;
        }

        Writer u16(int v) {
            out.write(v >> 8);
            out.write(v);
            return this;
        }

        Writer varint(int v) {
            do {
                int b = v % 128;
                v /= 128;
                out.write(v > 0 ? b | 0x80 : b);
            } while (v > 0);
            return this;
        }

        Writer string(String s) {
            return binary(s.getBytes(StandardCharsets.UTF_8));
        }

        Writer binary(byte[] b) {
            u16(b.length);
            out.writeBytes(b);
            return this;
        }

        Writer raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        byte[] packet(int firstByte) {
            byte[] body = bytes();
            Writer w = new Writer();
            w.u8(firstByte).varint(body.length).raw(body);
            return w.bytes();
        }
    }

    /** Reads the few properties the rigs look at, skipping the rest by their MQTT v5 types. */
    static final class Properties {
        private Properties() {
        }

        static int varint(byte[] b, int[] pos) {
            int v = 0;
            int mult = 1;
            while (pos[0] < b.length) {
                int x = b[pos[0]++] & 0xFF;
                v += (x & 0x7F) * mult;
                if ((x & 0x80) == 0) {
                    break;
                }
                mult *= 128;
            }
            return v;
        }

        static String reasonString(byte[] b, int at) {
            if (at >= b.length) {
                return null;
            }
            int[] pos = {at};
            int len = varint(b, pos);
            int end = Math.min(b.length, pos[0] + len);
            while (pos[0] < end) {
                int id = varint(b, pos);
                switch (id) {
                    case 0x1F -> {
                        return str(b, pos);
                    }
                    case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> pos[0] += 1;
                    case 0x13, 0x21, 0x22, 0x23 -> pos[0] += 2;
                    case 0x02, 0x11, 0x18, 0x27 -> pos[0] += 4;
                    case 0x0B -> varint(b, pos);
                    case 0x26 -> {
                        str(b, pos);
                        str(b, pos);
                    }
                    case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C -> str(b, pos);
                    default -> {
                        return null; // unknown property: cannot skip it safely
                    }
                }
            }
            return null;
        }

        private static String str(byte[] b, int[] pos) {
            int n = ((b[pos[0]] & 0xFF) << 8) | (b[pos[0] + 1] & 0xFF);
            String s = new String(b, pos[0] + 2, n, StandardCharsets.UTF_8);
            pos[0] += 2 + n;
            return s;
        }
    }
}
