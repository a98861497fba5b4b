package io.gmeye.agent.devices.coap;

import io.gmeye.protocols.error.GmeyeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * {@code /v1/{id}/cmd}: a device observes it to receive commands. Commands wait here in order;
 * the head goes out as a confirmable notification, and is delivered (and the next one sent)
 * once the device acknowledges it.
 */
final class CoapCommandResource extends CoapResource {
    private record Pending(byte[] payload, CompletableFuture<Void> delivered) {
    }

    private static final byte[] NOTHING = "{}".getBytes();
    private final CoapDeviceResource device;
    private final ConcurrentLinkedDeque<Pending> queue = new ConcurrentLinkedDeque<>();

    CoapCommandResource(CoapDeviceResource device) {
        super("cmd");
        this.device = device;
        setObservable(true);
        setObserveType(CoAP.Type.CON);
        getAttributes().setObservable();
    }

    boolean observed() {
        return getObserverCount() > 0;
    }

    CompletableFuture<Void> offer(byte[] payload) {
        Pending p = new Pending(payload, new CompletableFuture<>());
        queue.add(p);
        changed();
        return p.delivered();
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        if (!device.authorize(exchange)) {
            return;
        }
        boolean registering = exchange.getRequestOptions().hasObserve() && exchange.advanced().getRelation() != null
                && !exchange.advanced().getRelation().isEstablished();
        Pending head = queue.peek();
        Response r = new Response(CoAP.ResponseCode.CONTENT);
        r.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        r.setPayload(head == null ? NOTHING : head.payload());
        if (head != null) {
            r.addMessageObserver(new MessageObserverAdapter() {
                @Override
                public void onAcknowledgement() {
                    CoapCommandResource.this.delivered(head);
                }

                @Override
                public void onSent(boolean retransmission) {
                    if (r.getType() == CoAP.Type.ACK || r.getType() == CoAP.Type.NON) {
                        CoapCommandResource.this.delivered(head); // piggybacked on the device's own request: it asked, it got it
                    }
                }

                @Override
                public void onTimeout() {
                    CoapCommandResource.this.failed(head, "did not acknowledge the command notification");
                }

                @Override
                public void onReject() {
                    CoapCommandResource.this.failed(head, "rejected the command notification");
                }
            });
        }
        exchange.respond(r);
        if (registering) {
            device.becameReachable();
        }
    }

    private void delivered(Pending p) {
        if (queue.remove(p)) {
            p.delivered().complete(null);
            if (!queue.isEmpty()) {
                changed();
            }
        }
    }

    private void failed(Pending p, String why) {
        if (queue.remove(p)) {
            p.delivered().completeExceptionally(GmeyeException.unavailable(device.deviceId() + " " + why));
        }
    }
}
