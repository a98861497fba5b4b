package io.gmeye.rigs.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
    ServerSocket echo;
    Thread echoThread;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoThread = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    new Thread(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // client went away
                        }
                    }).start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        echoThread.start();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        s.getOutputStream().flush();
        byte[] b = new byte[text.length()];
        InputStream in = s.getInputStream();
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                throw new IOException("closed");
            }
            off += n;
        }
        return new String(b);
    }

    @Test
    void passesBlackholesAndResetsConnections() throws Exception {
        try (FaultProxy proxy = new FaultProxy(echo.getLocalPort());
             Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            s.setSoTimeout(500);
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
            proxy.blackhole();
            assertThatThrownBy(() -> roundTrip(s, "lost?")).isInstanceOf(SocketTimeoutException.class);
            proxy.pass();
            assertThat(roundTrip(s, "!")).isNotEmpty(); // held bytes are released after the black hole
            proxy.reset();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 5; i++) {
                    roundTrip(s, "after reset");
                }
            }).isInstanceOf(IOException.class);
            assertThat(proxy.upstreamBytes()).isPositive();
        }
    }

    @Test
    void dropRefusesNewConnectionsUntilPassAgain() throws Exception {
        try (FaultProxy proxy = new FaultProxy(echo.getLocalPort())) {
            proxy.drop();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                s.setSoTimeout(1000);
                assertThat(s.getInputStream().read()).isEqualTo(-1); // accepted, then closed at once
            }
            proxy.pass();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                s.setSoTimeout(1000);
                assertThat(roundTrip(s, "back")).isEqualTo("back");
            }
        }
    }
}
