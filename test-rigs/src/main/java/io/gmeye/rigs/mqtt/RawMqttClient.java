package io.gmeye.rigs.mqtt;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * An MQTT v5 connection over a plain socket that sends whatever bytes it is given and reads
 * packets back: the rig for abuse and fuzz tests, where a real client library would refuse to
 * misbehave. Blocking; one thread at a time.
 */
public final class RawMqttClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawMqttClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    public static RawMqttClient open(String host, int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 5000);
        return new RawMqttClient(s);
    }

    /** Opens, sends CONNECT and returns with the CONNACK read (check its reason code). */
    public static RawMqttClient connect(String host, int port, String clientId, String user, String password) throws IOException {
        RawMqttClient c = open(host, port);
        c.send(MqttPacket.connect(clientId, user, password, 30));
        return c;
    }

    public RawMqttClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next packet, or null when none came within the timeout; throws EOFException once the server closed. */
    public MqttPacket.Received read(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            return null;
        }
        if (first < 0) {
            throw new EOFException("the server closed the connection");
        }
        socket.setSoTimeout(Math.max(timeoutMs, 5000)); // the rest of a started packet comes promptly
        int len = 0;
        int mult = 1;
        for (int i = 0; i < 4; i++) {
            int b = in.readUnsignedByte();
            len += (b & 0x7F) * mult;
            if ((b & 0x80) == 0) {
                break;
            }
            mult *= 128;
        }
        byte[] body = new byte[len];
        in.readFully(body);
        return new MqttPacket.Received(first >> 4, first & 0x0F, body);
    }

    /** Reads until a packet of the type arrives (answering nothing else), or null on timeout. */
    public MqttPacket.Received await(int type, int timeoutMs) throws IOException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (true) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            MqttPacket.Received p = read((int) left);
            if (p == null || p.type() == type) {
                return p;
            }
        }
    }

    /** True when the server has closed (EOF within the timeout). */
    public boolean closedByServer(int timeoutMs) throws IOException {
        long end = System.currentTimeMillis() + timeoutMs;
        try {
            while (System.currentTimeMillis() < end) {
                read((int) Math.max(1, end - System.currentTimeMillis()));
            }
            return false;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
