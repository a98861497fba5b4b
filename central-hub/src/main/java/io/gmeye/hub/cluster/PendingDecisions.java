package io.gmeye.hub.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the leader has decided and put into the log but this node has not applied yet, by what it
 * is about (a site, a command id): a sweep that runs again before its decision is applied does not
 * decide the same thing twice. Each sweep is one {@link Round}, which completes once this node has
 * applied every decision of the round (a decision that could not reach the log is logged, and the
 * next sweep decides it again).
 */
public final class PendingDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(PendingDecisions.class);
    private final String what;
    private final Set<String> deciding = ConcurrentHashMap.newKeySet();

    /** @param what what the decisions are about, for the log ("site", "device command") */
    public PendingDecisions(String what) {
        this.what = what;
    }

    public Round round() {
        return new Round();
    }

    /** One sweep's decisions. */
    public final class Round {
        private final List<CompletableFuture<?>> decided = new ArrayList<>();

        private Round() {
        }

        /** Submits {@code decision} about {@code about} (through {@code submit}), unless one about it is still on its way. */
        public void decide(String about, Object decision, Supplier<? extends CompletableFuture<?>> submit) {
            if (!deciding.add(about)) {
                return;
            }
            CompletableFuture<?> applied;
            try {
                applied = submit.get();
            } catch (RuntimeException e) {
                applied = CompletableFuture.failedFuture(e);
            }
            decided.add(applied.whenComplete((o, x) -> {
                deciding.remove(about);
                if (x != null) {
                    LOG.warn("{} {}: the decision {} did not reach the log: {}", what, about, decision, x.getMessage());
                }
            }));
        }

        /** Completes once this node applied (or failed to log) every decision of the round. */
        public CompletableFuture<Void> done() {
            return CompletableFuture.allOf(decided.toArray(CompletableFuture[]::new)).handle((v, x) -> null);
        }
    }
}
