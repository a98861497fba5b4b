package io.gmeye.agent.gb28181.device;

import io.gmeye.agent.gb28181.manscdp.Manscdp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices registered to the agent and their channels: one table, changed by REGISTER,
 * keepalives and catalog answers, kept in a file on every change of registration or catalog, and
 * judged alive on the agent's clock.
 *
 * <p>A device is alive while its registration holds and it was heard from within
 * {@code keepaliveMisses} keepalive intervals. After a restart, a kept registration counts as heard
 * at the restart: a device that went away meanwhile goes offline after the same misses, one that
 * stayed is never shown offline (WVP's users' first complaint is the opposite).
 */
public final class GbDevices {
    private static final Logger LOG = LoggerFactory.getLogger(GbDevices.class);

    private final Clock clock;
    private final GbDeviceFile file;
    private final long silentAfterMs;
    private final long keepaliveMs;
    private final int misses;
    private final Map<String, Entry> devices = new LinkedHashMap<>();
    private final Map<String, String> deviceOfChannel = new java.util.HashMap<>();
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final class Entry {
        KeptDevice kept;
        long lastHeardAt;
        boolean alive;
        String reason;

        Entry(KeptDevice kept, long lastHeardAt) {
            this.kept = kept;
            this.lastHeardAt = lastHeardAt;
        }
    }

    public GbDevices(GbDeviceFile file, Clock clock, long keepaliveIntervalMs, int keepaliveMisses) {
        this.clock = clock;
        this.file = file;
        this.keepaliveMs = keepaliveIntervalMs;
        this.misses = keepaliveMisses;
        this.silentAfterMs = keepaliveIntervalMs * keepaliveMisses;
        long now = clock.millis();
        for (KeptDevice d : file.load()) {
            Entry e = new Entry(d, now);
            e.alive = d.expiresAt() > now;
            e.reason = e.alive ? "registered" : "registration expired";
            devices.put(d.id(), e);
            d.channels().forEach(c -> deviceOfChannel.put(c.id(), d.id()));
        }
    }

    /** Called (outside the table's lock) when a device's state or channels change. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.error("GB/T 28181: a listener of device changes failed", e);
            }
        }
    }

    /**
     * A REGISTER with a good password.
     *
     * @return true when the device was not alive before: the caller asks for its catalog
     */
    public boolean register(String id, String transport, String host, int port, long expiresAt) {
        long now = clock.millis();
        boolean wasAlive;
        synchronized (this) {
            Entry e = devices.get(id);
            if (e == null) {
                e = new Entry(new KeptDevice(id, transport, host, port, now, expiresAt, null, null, null, null, List.of()), now);
                devices.put(id, e);
            }
            wasAlive = e.alive;
            e.kept = e.kept.withRegistration(transport, host, port, wasAlive ? e.kept.registeredAt() : now, expiresAt);
            e.lastHeardAt = now;
            e.alive = true;
            e.reason = "registered";
            save();
        }
        if (!wasAlive) {
            LOG.info("GB/T 28181 device {} registered from {}:{} over {}", id, host, port, transport);
            changed();
        }
        return !wasAlive;
    }

    /** A REGISTER with Expires 0: the device leaves. */
    public void unregister(String id) {
        synchronized (this) {
            Entry e = devices.get(id);
            if (e == null) {
                return;
            }
            e.kept = e.kept.withRegistration(e.kept.transport(), e.kept.host(), e.kept.port(), e.kept.registeredAt(), clock.millis());
            e.alive = false;
            e.reason = "unregistered by the device";
            save();
        }
        LOG.info("GB/T 28181 device {} unregistered", id);
        changed();
    }

    /**
     * A keepalive or any other message from a device. A device not registered (or whose
     * registration ended) is not let back by a keepalive: it must register again.
     *
     * @return false for a device that must register first
     */
    public boolean heard(String id, String host, int port) {
        long now = clock.millis();
        boolean back;
        synchronized (this) {
            Entry e = devices.get(id);
            if (e == null || e.kept.expiresAt() <= now || "unregistered by the device".equals(e.reason)) {
                return false;
            }
            e.lastHeardAt = now;
            back = !e.alive;
            e.alive = true;
            e.reason = "registered";
            if (!host.equals(e.kept.host()) || port != e.kept.port()) {
                // its NAT mapping moved: requests must go where it speaks from now
                e.kept = e.kept.withRegistration(e.kept.transport(), host, port, e.kept.registeredAt(), e.kept.expiresAt());
                save();
            }
        }
        if (back) {
            LOG.info("GB/T 28181 device {} alive again", id);
            changed();
        }
        return true;
    }

    /**
     * A catalog answer: when whole, the device's channels are these from now on; when parts were
     * lost, these are added to the ones known.
     */
    public void catalog(String id, List<Manscdp.CatalogItem> items, boolean whole) {
        List<KeptDevice.KeptChannel> channels = new ArrayList<>();
        for (Manscdp.CatalogItem i : items) {
            if (i.isVideoChannel()) {
                channels.add(new KeptDevice.KeptChannel(i.id(), i.name(), i.civilCode(), i.parentId(), i.on(), i.ptzType(),
                        i.manufacturer(), i.model()));
            }
        }
        synchronized (this) {
            Entry e = devices.get(id);
            if (e == null) {
                return;
            }
            if (!whole) {
                Map<String, KeptDevice.KeptChannel> merged = new LinkedHashMap<>();
                e.kept.channels().forEach(c -> merged.put(c.id(), c));
                channels.forEach(c -> merged.put(c.id(), c));
                channels = new ArrayList<>(merged.values());
            }
            channels.sort(java.util.Comparator.comparing(KeptDevice.KeptChannel::id)); // parts arrive in any order
            e.kept.channels().forEach(c -> deviceOfChannel.remove(c.id(), id));
            channels.forEach(c -> deviceOfChannel.put(c.id(), id));
            e.kept = e.kept.withChannels(channels);
            save();
        }
        LOG.info("GB/T 28181 device {}: catalog of {} channels ({} items{})", id, channels.size(), items.size(),
                whole ? "" : ", parts missing");
        changed();
    }

    public void info(Manscdp.DeviceInfo info) {
        synchronized (this) {
            Entry e = devices.get(info.deviceId());
            if (e == null) {
                return;
            }
            e.kept = e.kept.withInfo(info.name(), info.manufacturer(), info.model(), info.firmware());
            save();
        }
    }

    /** Takes devices whose keepalives stopped or whose registration ran out offline, with the reason. */
    public void sweep() {
        long now = clock.millis();
        List<String> lost = new ArrayList<>();
        synchronized (this) {
            for (Entry e : devices.values()) {
                if (!e.alive) {
                    continue;
                }
                if (e.kept.expiresAt() <= now) {
                    e.alive = false;
                    e.reason = "registration expired and was not renewed";
                } else if (now - e.lastHeardAt >= silentAfterMs) {
                    e.alive = false;
                    e.reason = String.format("keepalive lost: nothing heard for %d s (%d keepalives of %s s missed)",
                            (now - e.lastHeardAt) / 1000, misses, keepaliveMs % 1000 == 0 ? Long.toString(keepaliveMs / 1000)
                                    : String.valueOf(keepaliveMs / 1000.0));
                } else {
                    continue;
                }
                lost.add(e.kept.id() + ": " + e.reason);
            }
        }
        if (!lost.isEmpty()) {
            lost.forEach(l -> LOG.warn("GB/T 28181 device {}", l));
            changed();
        }
    }

    public synchronized Optional<Contact> contact(String deviceId) {
        Entry e = devices.get(deviceId);
        return e == null ? Optional.empty() : Optional.of(new Contact(deviceId, e.kept.transport(), e.kept.host(), e.kept.port()));
    }

    public synchronized boolean alive(String deviceId) {
        Entry e = devices.get(deviceId);
        return e != null && e.alive;
    }

    /** The device a channel belongs to. */
    public synchronized Optional<String> deviceOf(String channelId) {
        return Optional.ofNullable(deviceOfChannel.get(channelId));
    }

    /** One channel as the rest of the agent sees it. */
    public synchronized Optional<ChannelView> channel(String channelId) {
        Entry e = devices.get(deviceOfChannel.get(channelId));
        if (e == null) {
            return Optional.empty();
        }
        return e.kept.channels().stream().filter(c -> c.id().equals(channelId)).findFirst().map(c -> view(e, c));
    }

    public synchronized List<ChannelView> channels() {
        List<ChannelView> out = new ArrayList<>();
        for (Entry e : devices.values()) {
            for (KeptDevice.KeptChannel c : e.kept.channels()) {
                out.add(view(e, c));
            }
        }
        return out;
    }

    private static ChannelView view(Entry e, KeptDevice.KeptChannel c) {
        boolean online = e.alive && c.on();
        String reason = !e.alive ? e.reason : c.on() ? "registered" : "the device reports the channel off";
        return new ChannelView(c.id(), e.kept.id(), c.parentId(), c.name(), c.civilCode(), c.ptz(), online, reason);
    }

    public synchronized List<KeptDevice> devices() {
        return devices.values().stream().map(e -> e.kept).toList();
    }

    private void save() {
        file.save(devices.values().stream().map(e -> e.kept).toList());
    }
}
