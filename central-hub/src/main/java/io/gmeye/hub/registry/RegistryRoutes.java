package io.gmeye.hub.registry;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.auth.Role;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.hub.estate.Estate;
import io.gmeye.hub.estate.EstateSnapshot;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * GET /api/v1/tags (the catalog with how many cameras and devices carry each tag), POST
 * /api/v1/registry/import and DELETE /api/v1/registry/cameras/{id} and /devices/{id} (admins; a
 * removal is how a site configured only through its agent.yaml drops what it no longer has).
 */
public final class RegistryRoutes implements ApiRoutes {
    private final Registry registry;
    private final Estate estate;

    public RegistryRoutes(Registry registry, Estate estate) {
        this.registry = registry;
        this.estate = estate;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/tags").handler(ctx -> {
            Principal p = Access.principal(ctx);
            Bodies.blocking(ctx, () -> catalog(p));
        });
        router.post("/api/v1/registry/import").handler(ctx -> {
            Principal p = Access.require(ctx, Role.ADMIN);
            RegistryImport in = Bodies.read(ctx, RegistryImport.class);
            // checked and cut into the log's records off the event loop: an import may be 16 MiB
            Bodies.reply(ctx, ctx.vertx().executeBlocking(() -> registry.importAll(p.name(), in), false).toCompletionStage().thenCompose(f -> f));
        });
        removal(router, "camera", registry::camera, CameraEntry::site, true);
        removal(router, "device", registry::device, DeviceEntry::site, false);
    }

    /** DELETE /api/v1/registry/{kind}s/{id}: admins of the entry's site; 404 when the registry does not hold it. */
    private <E> void removal(Router router, String kind, Function<String, Tagged<E>> entries, Function<E, String> site, boolean camera) {
        router.delete("/api/v1/registry/" + kind + "s/:id").handler(ctx -> {
            Principal p = Access.require(ctx, Role.ADMIN);
            String id = Params.path(ctx, "id");
            Tagged<E> e = entries.apply(id);
            if (e == null) {
                throw GmeyeException.notFound("no " + kind + " " + id + " in the registry");
            }
            Access.site(p, site.apply(e.entry()));
            // checked again where it is applied, in the order of the site's records: the answer is the same on every node
            Bodies.reply(ctx, registry.remove(p, camera, id, site.apply(e.entry())));
        });
    }

    private List<Map<String, Object>> catalog(Principal p) {
        EstateSnapshot now = estate.now();
        int[] cameraCounts = new int[now.dictionary().size() + 1];
        int[] deviceCounts = new int[cameraCounts.length];
        now.cameras().forEach(c -> count(c.entry(), c.entry() == null ? null : c.entry().entry().site(), p, cameraCounts));
        now.devices().forEach(d -> count(d.entry(), d.entry() == null ? null : d.entry().entry().site(), p, deviceCounts));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Tag t : now.tags()) {
            int id = now.tagFilter(t.path());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", t.path());
            m.put("label", t.label());
            m.put("labelEn", t.labelEn());
            m.put("parent", t.parent());
            m.put("cameras", id >= 0 && id < cameraCounts.length ? cameraCounts[id] : 0);
            m.put("devices", id >= 0 && id < deviceCounts.length ? deviceCounts[id] : 0);
            out.add(m);
        }
        return out;
    }

    private static void count(Tagged<?> e, String site, Principal p, int[] counts) {
        if (e == null || !p.canSee(site)) {
            return;
        }
        for (int id : e.tagIds()) {
            if (id < counts.length) {
                counts[id]++;
            }
        }
    }
}
