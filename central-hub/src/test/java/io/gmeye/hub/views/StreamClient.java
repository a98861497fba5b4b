package io.gmeye.hub.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.protocols.codec.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A screen on the hub's WebSocket stream, as an operator's session: keeps every message of every frame, in order. */
public final class StreamClient implements AutoCloseable {
    private final WebSocket ws;
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();

    public StreamClient(String base, String token) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().header("authorization", "Bearer " + token)
                .buildAsync(URI.create(base.replace("http", "ws") + "/api/v1/stream"), new WebSocket.Listener() {
                    private final StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            try {
                                Json.mapper().readTree(part.toString()).forEach(messages::add);
                            } catch (Exception e) {
                                throw new IllegalStateException("not a JSON frame: " + part, e);
                            }
                            part.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        await(() -> messages.stream().anyMatch(m -> m.path("type").asText().equals("hello")), Duration.ofSeconds(10), "the stream's hello");
    }

    /** The states the stream pushed for one device command, in the order they came. */
    public List<String> commandStates(String commandId) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : messages) {
            if (m.path("type").asText().equals("commands")) {
                for (JsonNode c : m.get("items")) {
                    if (c.path("id").asText().equals(commandId)) {
                        out.add(c.path("state").asText());
                    }
                }
            }
        }
        return out;
    }

    /** The last command the stream pushed with this id, or null. */
    public JsonNode lastCommand(String commandId) {
        JsonNode last = null;
        for (JsonNode m : messages) {
            if (m.path("type").asText().equals("commands")) {
                for (JsonNode c : m.get("items")) {
                    if (c.path("id").asText().equals(commandId)) {
                        last = c;
                    }
                }
            }
        }
        return last;
    }

    /** The last summary the stream pushed for a batch, or null. */
    public JsonNode batchSummary(String batchId) {
        JsonNode last = null;
        for (JsonNode m : messages) {
            if (m.path("type").asText().equals("batches")) {
                for (JsonNode b : m.get("items")) {
                    if (b.path("id").asText().equals(batchId)) {
                        last = b.get("summary");
                    }
                }
            }
        }
        return last;
    }

    public List<JsonNode> messages() {
        return messages;
    }

    public static void await(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
