package io.gmeye.hub.api;

import io.vertx.ext.web.Router;

/** A feature's HTTP routes, mounted by the app on the hub's router. */
public interface ApiRoutes {
    void mount(Router router);
}
