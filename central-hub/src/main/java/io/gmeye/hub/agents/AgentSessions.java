package io.gmeye.hub.agents;

import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Which agent is connected for which site. One connection per site: a second one takes the
 * session over, the first is disconnected (logged by the server). Listeners hear of connects
 * and disconnects (pending commands, whitelist sync, the online view).
 */
public final class AgentSessions {
    private record Entry(AgentSession session, Context context) {
    }

    private final Map<String, Entry> bySite = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<AgentSession>> onConnect = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<String>> onDisconnect = new CopyOnWriteArrayList<>();

    /** Registers a new session and returns the one it replaces, if any. */
    Optional<AgentSession> register(AgentSession s, Context ctx) {
        Entry old = bySite.put(s.site(), new Entry(s, ctx));
        onConnect.forEach(l -> l.accept(s));
        return Optional.ofNullable(old).map(Entry::session);
    }

    void unregisterIfCurrent(AgentSession s) {
        Entry e = bySite.get(s.site());
        if (e != null && e.session() == s) {
            bySite.remove(s.site());
            onDisconnect.forEach(l -> l.accept(s.site()));
        }
    }

    public boolean connected(String site) {
        return bySite.containsKey(site);
    }

    public Optional<AgentSession> session(String site) {
        return Optional.ofNullable(bySite.get(site)).map(Entry::session);
    }

    public int count() {
        return bySite.size();
    }

    /** Publishes to a site's agent from any thread; completes on the agent's PUBACK. */
    public Future<Void> publish(String site, String topic, byte[] payload) {
        Entry e = bySite.get(site);
        if (e == null) {
            return Future.failedFuture(new GmeyeException(ErrorKind.UNAVAILABLE, "the agent of site " + site + " is not connected"));
        }
        Promise<Void> p = Promise.promise();
        e.context().runOnContext(v -> e.session().publish(topic, payload).onComplete(p));
        return p.future();
    }

    public void onConnect(Consumer<AgentSession> l) {
        onConnect.add(l);
    }

    public void onDisconnect(Consumer<String> l) {
        onDisconnect.add(l);
    }
}
