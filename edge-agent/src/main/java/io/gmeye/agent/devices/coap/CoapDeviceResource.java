package io.gmeye.agent.devices.coap;

import io.gmeye.agent.devices.ingest.DeviceIngest;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.protocols.error.GmeyeException;
import java.security.Principal;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;

/**
 * {@code /v1/{id}}: one device's resources, {@code telemetry} and {@code event} (POST) and
 * {@code cmd} (observe). A device with a pre-shared key must come over DTLS with its own id as
 * PSK identity; one without may use plain CoAP where the site allows it.
 */
final class CoapDeviceResource extends CoapResource {
    private final DeviceRegistry.Known device;
    private final CoapDeviceEndpoint endpoint;
    private final CoapCommandResource commands;

    CoapDeviceResource(DeviceRegistry.Known device, CoapDeviceEndpoint endpoint) {
        super(device.id());
        this.device = device;
        this.endpoint = endpoint;
        this.commands = new CoapCommandResource(this);
        add(new Post("telemetry", DeviceIngest.Kind.TELEMETRY));
        add(new Post("event", DeviceIngest.Kind.EVENT));
        add(commands);
    }

    String deviceId() {
        return device.id();
    }

    CoapCommandResource commands() {
        return commands;
    }

    void becameReachable() {
        endpoint.becameReachable(device.id());
    }

    /** Answers 4.01 and returns false unless the request may act for this device. */
    boolean authorize(CoapExchange exchange) {
        Principal peer = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
        String refusal = null;
        if (peer instanceof PreSharedKeyIdentity psk) {
            if (!psk.getIdentity().equals(device.id())) {
                refusal = "PSK identity " + psk.getIdentity() + " may not act for " + device.id();
            }
        } else if (device.entry().psk() != null) {
            refusal = device.id() + " has a pre-shared key: use coaps (DTLS) with identity " + device.id();
        } else if (!endpoint.allowPlain()) {
            refusal = "plain CoAP is not allowed at this site: use coaps (DTLS-PSK)";
        }
        if (refusal != null) {
            endpoint.refused();
            exchange.respond(CoAP.ResponseCode.UNAUTHORIZED, refusal, MediaTypeRegistry.TEXT_PLAIN);
            return false;
        }
        return true;
    }

    private final class Post extends CoapResource {
        private final DeviceIngest.Kind kind;

        Post(String name, DeviceIngest.Kind kind) {
            super(name);
            this.kind = kind;
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            if (!authorize(exchange)) {
                return;
            }
            byte[] payload = exchange.getRequestPayload();
            // answered after the outbox write: a CON request's response tells the device its data is safe
            endpoint.onVertx(() -> endpoint.ingest().handle(device, kind, payload, "coap").whenComplete((v, err) -> {
                if (err == null) {
                    exchange.respond(CoAP.ResponseCode.CHANGED);
                } else {
                    GmeyeException e = GmeyeException.of(err);
                    exchange.respond(CoAP.ResponseCode.valueOf(e.kind().coapCode()), e.reason(), MediaTypeRegistry.TEXT_PLAIN);
                }
            }));
        }
    }
}
