package io.gmeye.rigs.gb28181;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated device inside a {@link GbSimulator}: its registration as the platform answered
 * it, the faults it is told to show, and what it saw (PTZ instructions, INVITEs, BYEs), for tests
 * to check.
 */
public final class SimDevice {
    private final DeviceSpec spec;
    private final GbSimulator sim;
    final Map<String, LiveStream> streams = new ConcurrentHashMap<>();
    private final List<PtzRecord> ptz = new CopyOnWriteArrayList<>();
    private final AtomicInteger invites = new AtomicInteger();
    private final AtomicInteger byes = new AtomicInteger();
    private final AtomicInteger catalogQueries = new AtomicInteger();
    private volatile int lastRegisterStatus;
    private volatile String lastRegisterReason;
    private volatile String dateHeader;
    private volatile boolean registered;
    private volatile boolean keepalives = true;
    private volatile boolean channelsOn = true;
    private volatile boolean reorder;
    private volatile String lastMediaTransport;

    SimDevice(DeviceSpec spec, GbSimulator sim) {
        this.spec = spec;
        this.sim = sim;
    }

    public DeviceSpec spec() {
        return spec;
    }

    public String id() {
        return spec.id();
    }

    public boolean registered() {
        return registered;
    }

    /** The platform's last final answer to a REGISTER (200, 403...), 0 before any. */
    public int lastRegisterStatus() {
        return lastRegisterStatus;
    }

    public String lastRegisterReason() {
        return lastRegisterReason;
    }

    /** The Date header of the last 200 to a REGISTER (devices set their clock from it). */
    public String dateHeader() {
        return dateHeader;
    }

    /** Stops sending keepalives (the device stays registered as far as it knows). */
    public void stopKeepalives() {
        keepalives = false;
    }

    public void resumeKeepalives() {
        keepalives = true;
    }

    boolean keepalivesOn() {
        return keepalives;
    }

    /** Registers again now (as after a reboot). */
    public void reregister() {
        sim.register(this, spec.expires());
    }

    /** Tells the platform that one of its channels went off (or on), as a catalog notification. */
    public void notifyChannel(int index, boolean on) {
        sim.notifyChannel(this, spec.channels().get(index), on);
    }

    /** Says goodbye: REGISTER with Expires 0. */
    public void unregister() {
        sim.register(this, 0);
    }

    /** Every stream running now stops sending RTP mid-way; the dialogs stay up. */
    public void stopStreams() {
        streams.values().forEach(LiveStream::pause);
    }

    /** Streams started from now on send some packets out of order (UDP reordering). */
    public void reorderPackets(boolean on) {
        this.reorder = on;
    }

    boolean reorder() {
        return reorder;
    }

    public int activeStreams() {
        return streams.size();
    }

    /** Frames sent on the stream of a channel, -1 when it is not streaming. */
    public long framesSent(String channelId) {
        for (LiveStream s : streams.values()) {
            if (s.channelId().equals(channelId)) {
                return s.framesSent();
            }
        }
        return -1;
    }

    public int invites() {
        return invites.get();
    }

    public int byes() {
        return byes.get();
    }

    public List<PtzRecord> ptzCommands() {
        return List.copyOf(ptz);
    }

    /**
     * Its channels go off (or on) without the device telling the platform, as devices that send no
     * catalog notification do: only the next catalog query finds out.
     */
    public void switchChannelsQuietly(boolean on) {
        channelsOn = on;
    }

    boolean channelsOn() {
        return channelsOn;
    }

    /** Catalog queries the device answered. */
    public int catalogQueries() {
        return catalogQueries.get();
    }

    void catalogQueried() {
        catalogQueries.incrementAndGet();
    }

    void registerAnswered(int status, String reason, String date) {
        lastRegisterStatus = status;
        lastRegisterReason = reason;
        if (status == 200) {
            dateHeader = date;
        }
    }

    void registered(boolean r) {
        registered = r;
    }

    void invited(String mediaTransport) {
        lastMediaTransport = mediaTransport;
        invites.incrementAndGet();
    }

    /** udp or tcp: how the platform asked for media in the last INVITE. */
    public String lastMediaTransport() {
        return lastMediaTransport;
    }

    void byeReceived() {
        byes.incrementAndGet();
    }

    void ptz(PtzRecord r) {
        ptz.add(r);
    }

    /** Whether this device answers for a SIP user (its own id or one of its channels'). */
    boolean owns(String user) {
        return spec.id().equals(user) || spec.channels().stream().anyMatch(c -> c.id().equals(user));
    }
}
