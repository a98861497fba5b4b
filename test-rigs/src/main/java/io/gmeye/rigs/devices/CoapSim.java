package io.gmeye.rigs.devices;

import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.device.DeviceCommandMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/** A device on CoAP (Californium): POSTs confirmable telemetry and events, observes its cmd resource. */
public final class CoapSim implements AutoCloseable {
    static {
        // the standard configuration, without Californium writing Californium3.properties into the working folder
        org.eclipse.californium.core.config.CoapConfig.register();
        org.eclipse.californium.elements.config.UdpConfig.register();
        org.eclipse.californium.elements.config.Configuration.setStandard(
                org.eclipse.californium.elements.config.Configuration.createStandardWithoutFile());
    }

    private final String id;
    private final String base;
    private final CoapClient telemetry;
    private final CoapClient event;
    private CoapObserveRelation observation;

    public CoapSim(String baseUri, String id) {
        this.id = id;
        this.base = baseUri + "/v1/" + id;
        this.telemetry = new CoapClient(base + "/telemetry").useCONs().setTimeout(10_000L);
        this.event = new CoapClient(base + "/event").useCONs().setTimeout(10_000L);
    }

    public String id() {
        return id;
    }

    /** Completes with the response code text (2.04 when stored), or fails when the agent did not answer. */
    public CompletableFuture<String> post(boolean isEvent, Object body) {
        CompletableFuture<String> f = new CompletableFuture<>();
        String json = Json.mapper().valueToTree(body).toString();
        (isEvent ? event : telemetry).post(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse r) {
                f.complete(r.getCode().toString() + (r.isSuccess() ? "" : " " + r.getResponseText()));
            }

            @Override
            public void onError() {
                f.completeExceptionally(new IllegalStateException(id + ": no answer from the agent"));
            }
        }, json, MediaTypeRegistry.APPLICATION_JSON);
        return f;
    }

    public void observeCommands(BiConsumer<CoapSim, DeviceCommandMessage> onCommand) {
        CoapClient cmd = new CoapClient(base + "/cmd");
        observation = cmd.observe(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse r) {
                try {
                    var node = Json.mapper().readTree(r.getPayload());
                    if (node.has("commandId")) {
                        onCommand.accept(CoapSim.this, Json.mapper().treeToValue(node, DeviceCommandMessage.class));
                    }
                } catch (Exception e) {
                    // not a command: the empty {} an observation starts with
                }
            }

            @Override
            public void onError() {
            }
        });
    }

    public CompletableFuture<String> result(String commandId, String status) {
        return post(true, Map.of("name", "cmd.result", "data", Map.of("commandId", commandId, "status", status)));
    }

    @Override
    public void close() {
        if (observation != null) {
            observation.proactiveCancel();
        }
        telemetry.shutdown();
        event.shutdown();
    }
}
