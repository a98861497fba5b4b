package io.gmeye.agent.gb28181;

import io.gmeye.agent.gb28181.device.Contact;
import io.gmeye.agent.gb28181.device.GbDevices;
import io.gmeye.agent.gb28181.manscdp.ManscdpMessage;
import io.gmeye.agent.gb28181.manscdp.ManscdpRequests;
import io.gmeye.agent.gb28181.manscdp.PtzCmd;
import io.gmeye.agent.gb28181.sip.SipClient;
import io.gmeye.protocols.camera.PtzRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.message.Response;

/**
 * What the agent asks of devices over MANSCDP: catalog, device info and status, PTZ. A query's
 * answer comes back as a separate MESSAGE with the query's SN; {@link #answered} pairs them.
 */
public final class DeviceQueries {
    private final GbDevices devices;
    private final SipClient sip;
    private final long timeoutMs;
    private final AtomicLong sn = new AtomicLong(ThreadLocalRandom.current().nextInt(1, 1 << 20));
    private final Map<String, CompletableFuture<ManscdpMessage>> waiting = new ConcurrentHashMap<>();

    public DeviceQueries(GbDevices devices, SipClient sip, long timeoutMs) {
        this.devices = devices;
        this.sip = sip;
        this.timeoutMs = timeoutMs;
    }

    /** Asks for a device's catalog; the parts arrive as MESSAGEs. Completes when the device took the query. */
    public CompletableFuture<Void> catalog(String deviceId) {
        return send(deviceId, deviceId, ManscdpRequests.query("Catalog", sn.incrementAndGet(), deviceId)).thenApply(r -> null);
    }

    /** DeviceInfo or DeviceStatus: completes with the device's answer. */
    public CompletableFuture<ManscdpMessage> ask(String deviceId, String cmdType) {
        long n = sn.incrementAndGet();
        CompletableFuture<ManscdpMessage> answer = new CompletableFuture<>();
        String key = key(deviceId, cmdType, n);
        waiting.put(key, answer);
        answer.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((m, e) -> waiting.remove(key));
        send(deviceId, deviceId, ManscdpRequests.query(cmdType, n, deviceId)).whenComplete((r, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /** A PTZ instruction to a channel; completes when its device accepted it (PTZ control has no answer of its own). */
    public CompletableFuture<Void> ptz(String channelId, PtzRequest request) {
        String deviceId = devices.deviceOf(channelId).orElse(null);
        if (deviceId == null) {
            return CompletableFuture.failedFuture(new GbException("no GB/T 28181 channel " + channelId));
        }
        if (!devices.alive(deviceId)) {
            return CompletableFuture.failedFuture(new GbException("device " + deviceId + " of channel " + channelId + " is offline"));
        }
        return send(deviceId, channelId, ManscdpRequests.ptz(sn.incrementAndGet(), channelId, PtzCmd.of(request))).thenApply(r -> null);
    }

    /** A Response MESSAGE from a device: completes the query it answers, if one waits. */
    public void answered(ManscdpMessage m) {
        CompletableFuture<ManscdpMessage> f = waiting.remove(key(m.deviceId(), m.cmdType(), m.sn()));
        if (f != null) {
            f.complete(m);
        }
    }

    private CompletableFuture<Response> send(String deviceId, String toUser, byte[] body) {
        Contact c = devices.contact(deviceId).orElse(null);
        if (c == null) {
            return CompletableFuture.failedFuture(new GbException("device " + deviceId + " is not registered"));
        }
        return sip.message(c, toUser, body).orTimeout(timeoutMs, TimeUnit.MILLISECONDS).thenCompose(r -> r.getStatusCode() / 100 == 2
                ? CompletableFuture.completedFuture(r)
                : CompletableFuture.failedFuture(new GbException("device " + deviceId + " answered " + r.getStatusCode() + " "
                        + r.getReasonPhrase())));
    }

    private static String key(String deviceId, String cmdType, long sn) {
        return deviceId + "/" + cmdType.toLowerCase() + "/" + sn;
    }
}
