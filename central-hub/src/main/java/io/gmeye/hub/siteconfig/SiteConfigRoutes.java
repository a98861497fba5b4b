package io.gmeye.hub.siteconfig;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.auth.Role;
import io.gmeye.hub.routing.SiteRouter;
import io.gmeye.protocols.config.ConfigBundle;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A site's configuration over HTTP, for admins (camera urls may carry the cameras' passwords):
 * <ul>
 *   <li>GET /api/v1/sites/{site}/config: the current version, its cameras, devices and scenes, and
 *       whether the site's agent runs it (or refused it, with its reason)</li>
 *   <li>PUT /api/v1/sites/{site}/config {cameras, devices, scenes}: the next version, pushed to the
 *       agent; 400 with every problem by field</li>
 * </ul>
 */
public final class SiteConfigRoutes implements ApiRoutes {
    private final SiteConfigService service;
    private final SiteRouter agents;

    public SiteConfigRoutes(SiteConfigService service, SiteRouter agents) {
        this.service = service;
        this.agents = agents;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/sites/:site/config").handler(ctx -> {
            String site = site(ctx);
            Responses.json(ctx, view(site));
        });
        router.put("/api/v1/sites/:site/config").handler(ctx -> {
            Principal who = Access.require(ctx, Role.ADMIN);
            String site = site(ctx);
            ConfigBundle wanted = Bodies.read(ctx, ConfigBundle.class);
            // answered once this node has applied it: the version is the one every node gives it
            ctx.vertx().executeBlocking(() -> service.put(site, wanted, who.name()).join(), false)
                    .onSuccess(c -> Responses.json(ctx, view(site)))
                    .onFailure(e -> Responses.fail(ctx, e)); // an InvalidBody: 400 with every problem
        });
    }

    /** Admin, the site in scope, and a site the hub knows. */
    private String site(RoutingContext ctx) {
        Principal who = Access.require(ctx, Role.ADMIN);
        String site = ctx.pathParam("site");
        Access.site(who, site);
        if (!service.knows(site)) {
            throw GmeyeException.notFound("no site " + site + " (sites come from the hub's configuration)");
        }
        return site;
    }

    private Map<String, Object> view(String site) {
        Map<String, Object> m = new LinkedHashMap<>();
        AgentConfigState agent = service.agent(site);
        var current = service.current(site);
        long version = current.map(SiteConfig::version).orElse(0L);
        m.put("site", site);
        m.put("version", version);
        m.put("updatedAt", current.map(SiteConfig::updatedAt).orElse(null));
        m.put("updatedBy", current.map(SiteConfig::updatedBy).orElse(null));
        m.put("cameras", current.map(c -> (Object) c.bundle().cameras()).orElse(List.of()));
        m.put("devices", current.map(c -> (Object) c.bundle().devices()).orElse(List.of()));
        m.put("scenes", current.map(c -> (Object) c.bundle().scenes()).orElse(List.of()));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("connected", agents.reachable(site)); // to this node or, in a cluster, another
        a.put("version", agent.version());
        a.put("applied", version > 0 && agent.version() >= version);
        a.put("refusedVersion", agent.refusedVersion());
        a.put("refusal", agent.refusal());
        a.put("reportedAt", agent.reportedAt());
        m.put("agent", a);
        return m;
    }
}
