package io.gmeye.agent.gb28181.device;

import io.gmeye.agent.gb28181.manscdp.Manscdp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a catalog answered in several MESSAGEs back together: parts share the query's SN and each
 * says the whole size (SumNum). The catalog is complete when SumNum distinct items have arrived;
 * a catalog whose parts stop coming (UDP loss) is taken as far as it got after {@code giveUpMs}.
 */
public final class CatalogAssembly {
    /** A finished catalog; {@code complete} false when parts were missing. */
    public record Catalog(String deviceId, List<Manscdp.CatalogItem> items, int sumNum, boolean complete) {
    }

    private static final class Pending {
        final long sn;
        final int sumNum;
        final Map<String, Manscdp.CatalogItem> items = new LinkedHashMap<>();
        long lastPartAt;

        Pending(long sn, int sumNum) {
            this.sn = sn;
            this.sumNum = sumNum;
        }
    }

    private final long giveUpMs;
    private final Map<String, Pending> pending = new HashMap<>();

    public CatalogAssembly(long giveUpMs) {
        this.giveUpMs = giveUpMs;
    }

    /** Adds a part; returns the catalog once it is whole. */
    public synchronized Optional<Catalog> add(Manscdp.CatalogPart part, long now) {
        Pending p = pending.get(part.deviceId());
        if (p == null || p.sn != part.sn()) {
            p = new Pending(part.sn(), part.sumNum());
            pending.put(part.deviceId(), p);
        }
        for (Manscdp.CatalogItem i : part.items()) {
            if (i.id() != null) {
                p.items.put(i.id(), i);
            }
        }
        p.lastPartAt = now;
        if (p.items.size() >= p.sumNum) {
            pending.remove(part.deviceId());
            return Optional.of(new Catalog(part.deviceId(), List.copyOf(p.items.values()), p.sumNum, true));
        }
        return Optional.empty();
    }

    /** Catalogs whose parts stopped coming, as far as they got. */
    public synchronized List<Catalog> overdue(long now) {
        List<Catalog> out = new ArrayList<>();
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (now - e.getValue().lastPartAt >= giveUpMs) {
                it.remove();
                out.add(new Catalog(e.getKey(), List.copyOf(e.getValue().items.values()), e.getValue().sumNum, false));
            }
        }
        return out;
    }
}
