package io.gmeye.hub.app;

import io.gmeye.hub.agents.SiteCredentials;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.platform.config.ConfigException;
import io.gmeye.platform.config.YamlConfigLoader;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a hub: {@code java io.gmeye.hub.app.HubMain hub.yaml}, or
 * {@code HubMain hash-secret SECRET} to print the stored form of a site secret.
 */
public final class HubMain {
    private static final Logger LOG = LoggerFactory.getLogger(HubMain.class);

    private HubMain() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && "hash-secret".equals(args[0])) {
            System.out.println(SiteCredentials.hash(args[1]));
            return;
        }
        Path file = Path.of(args.length > 0 ? args[0] : "config/hub.yaml");
        HubConfig config;
        try {
            config = new YamlConfigLoader("GMEYE_").load(file, HubConfig.class, System.getenv());
        } catch (ConfigException e) {
            System.err.println("gmeye hub: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Hub.start(config).onSuccess(hub -> {
            Runtime.getRuntime().addShutdownHook(new Thread(hub::close, "hub-shutdown"));
            if (hub.initialAdminPassword().isPresent() && config.auth().initialAdminPassword() == null) {
                // printed once, on the first start only: the store keeps only its hash
                System.out.println("gmeye hub: created the operator account 'admin' with password " + hub.initialAdminPassword().get()
                        + " (shown only now; change it in the dashboard or with PUT /api/v1/users/admin)");
            }
            // one line that scripts and tests wait for
            System.out.println("gmeye hub ready: mqtt=" + hub.mqttPort() + " http=" + hub.httpPort());
        }).onFailure(e -> {
            LOG.error("hub failed to start: {}", e.getMessage());
            System.exit(1);
        });
    }
}
