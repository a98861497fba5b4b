package io.gmeye.hub.dashboard;

import io.gmeye.hub.api.ApiRoutes;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves the dashboard the build bundled into the hub's classpath under {@code dashboard/}
 * (listed in {@code dashboard/files.txt}): index.html at {@code /}, its assets beside it. All in
 * memory, with ETags; nothing comes from a CDN. The pages call the API with the session cookie.
 */
public final class DashboardRoutes implements ApiRoutes {
    private static final String ROOT = "dashboard/";

    private record Asset(Buffer body, String type, String etag) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public DashboardRoutes() {
        ClassLoader cl = DashboardRoutes.class.getClassLoader();
        try (InputStream list = cl.getResourceAsStream(ROOT + "files.txt")) {
            if (list == null) {
                return;
            }
            for (String name : new String(list.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                name = name.trim();
                if (name.isEmpty()) {
                    continue;
                }
                try (InputStream in = cl.getResourceAsStream(ROOT + name)) {
                    if (in != null) {
                        byte[] b = in.readAllBytes();
                        assets.put("/" + name, new Asset(Buffer.buffer(b), type(name), etag(b)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard from the classpath", e);
        }
    }

    public boolean built() {
        return assets.containsKey("/index.html");
    }

    @Override
    public void mount(Router router) {
        router.get("/").handler(ctx -> serve(ctx, "/index.html"));
        for (String path : assets.keySet()) {
            router.get(path).handler(ctx -> serve(ctx, path));
        }
    }

    private void serve(io.vertx.ext.web.RoutingContext ctx, String path) {
        Asset a = assets.get(path);
        if (a == null) {
            ctx.response().setStatusCode(503).putHeader("content-type", "text/plain; charset=utf-8")
                    .end("The dashboard was not built into this hub. Build it with ./run build (needs node and npm; see README).\n");
            return;
        }
        if (a.etag().equals(ctx.request().getHeader("if-none-match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader("content-type", a.type()).putHeader("etag", a.etag()).putHeader("cache-control", "no-cache")
                .putHeader("x-content-type-options", "nosniff").end(a.body());
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js") || name.endsWith(".mjs")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }

    private static String etag(byte[] b) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b), 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
