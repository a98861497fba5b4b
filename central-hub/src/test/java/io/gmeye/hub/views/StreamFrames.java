package io.gmeye.hub.views;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An operator's screen on the live stream (/api/v1/stream): every text frame it gets, in order. */
final class StreamFrames implements AutoCloseable {
    final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final WebSocket ws;

    StreamFrames(TestHub hub, TestHub.Api who) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().header("authorization", "Bearer " + who.token())
                .buildAsync(URI.create(hub.base().replace("http", "ws") + "/api/v1/stream"), new WebSocket.Listener() {
                    private final StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            frames.add(part.toString());
                            part.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    /** The first frame (from now) that contains {@code needle}; fails after 10 s without one. */
    String await(String needle) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            String f = frames.poll(1, TimeUnit.SECONDS);
            if (f != null && f.contains(needle)) {
                return f;
            }
        }
        throw new AssertionError("no stream frame with " + needle);
    }

    @Override
    public void close() {
        ws.abort();
    }
}
