package io.gmeye.hub.video;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.auth.Role;
import io.gmeye.hub.command.CommandService;
import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.Registry;
import io.gmeye.hub.registry.Tagged;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POST /api/v1/gb28181/devices/{id}/catalog (operator): asks a GB/T 28181 device (an NVR, an IPC,
 * a lower platform) for its catalog now, through the agent it registered to, as a command
 * {@code gb28181.catalog} with states. The hub knows a device by its channels (their parent), so
 * that is where it finds the site. 404 no channel of that device in the registry or the device not
 * registered at its agent, 503 agent or device unreachable, 504 no answer in time.
 */
public final class GbCatalogRoutes implements ApiRoutes {
    /** The device takes the query in about a second; its parts come later as inventory. */
    static final Duration CATALOG_TIMEOUT = Duration.ofSeconds(5);

    private final Registry registry;
    private final CommandService commands;

    public GbCatalogRoutes(Registry registry, CommandService commands) {
        this.registry = registry;
        this.commands = commands;
    }

    @Override
    public void mount(Router router) {
        router.post("/api/v1/gb28181/devices/:id/catalog").handler(this::catalog);
    }

    private void catalog(RoutingContext ctx) {
        Principal p = Access.require(ctx, Role.OPERATOR);
        String device = ctx.pathParam("id");
        String site = siteOf(device);
        if (site == null) {
            throw GmeyeException.notFound("no GB/T 28181 device '" + device + "': no camera in the registry has it as parent");
        }
        Access.site(p, site);
        Future<Map<String, Object>> done = commands.call(site, "gb28181.catalog", device, Map.of(), CATALOG_TIMEOUT).compose(reply -> {
            if (reply.result().status() != CommandStatus.SUCCEEDED) {
                return Future.failedFuture(reply.refusal());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("commandId", reply.result().commandId());
            out.put("status", reply.result().status().wire());
            out.put("device", device);
            out.put("site", site);
            return Future.succeededFuture(out);
        });
        Responses.reply(ctx, done);
    }

    /** The site of the device's channels; null when the registry has none. */
    private String siteOf(String device) {
        for (Tagged<CameraEntry> c : registry.cameras().values()) {
            CameraEntry e = c.entry();
            if ("gb28181".equals(e.protocol()) && device.equals(e.parent())) {
                return e.site();
            }
        }
        return null;
    }
}
