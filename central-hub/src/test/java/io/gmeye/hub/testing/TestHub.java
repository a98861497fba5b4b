package io.gmeye.hub.testing;

import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real hub on free loopback ports with a temp data folder, for tests. */
public final class TestHub {
    private TestHub() {
    }

    public static Hub start(Path dataDir, HubConfig.SiteSection... sites) throws Exception {
        return start(dataDir, new HubConfig.MqttSection("127.0.0.1", 0, null, null), sites);
    }

    /** A hub whose agent endpoint has this configuration (limits, TLS, sizes). */
    public static Hub start(Path dataDir, HubConfig.MqttSection mqtt, HubConfig.SiteSection... sites) throws Exception {
        HubConfig config = new HubConfig(dataDir.toString(), mqtt, new HubConfig.HttpSection("127.0.0.1", 0), List.of(sites));
        return Hub.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    public static HubConfig.SiteSection site(String id, String secret) {
        return new HubConfig.SiteSection(id, id, secret, null, List.of());
    }
}
