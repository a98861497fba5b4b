package io.gmeye.hub.devices;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Role;
import io.gmeye.platform.devicetypes.DeviceTypeCatalog;
import io.gmeye.protocols.device.CommandSpec;
import io.gmeye.protocols.device.DeviceType;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.fields.FieldSpec;
import io.gmeye.protocols.fields.Undeclared;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;

/**
 * The device types the hub knows (the same config/device-types files the agents load):
 * GET /api/v1/device-types and /api/v1/device-types/{type}, with their readings, events and the
 * commands an operator can send, each command's arguments declared with kinds and limits.
 */
public final class DeviceTypeRoutes implements ApiRoutes {
    /** A device type as the console reads it. */
    public record TypeView(String type, String name, long heartbeatSeconds, Undeclared undeclared, Map<String, FieldSpec> fields,
                           Map<String, Map<String, FieldSpec>> events, Map<String, CommandSpec> commands) {
        static TypeView of(DeviceType t) {
            return new TypeView(t.type(), t.name(), t.heartbeat().toSeconds(), t.undeclared(), t.fields(), t.events(), t.commands());
        }
    }

    private final DeviceTypeCatalog types;

    public DeviceTypeRoutes(DeviceTypeCatalog types) {
        this.types = types;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/device-types").handler(ctx -> {
            Access.require(ctx, Role.VIEWER);
            List<TypeView> all = types.all().values().stream().map(TypeView::of).toList();
            Responses.json(ctx, all);
        });
        router.get("/api/v1/device-types/:type").handler(ctx -> {
            Access.require(ctx, Role.VIEWER);
            String type = Params.path(ctx, "type");
            DeviceType t = types.find(type).orElseThrow(() -> GmeyeException.notFound("no device type " + type));
            Responses.json(ctx, TypeView.of(t));
        });
    }
}
