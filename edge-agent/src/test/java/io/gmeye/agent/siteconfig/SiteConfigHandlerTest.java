package io.gmeye.agent.siteconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.RecordingOutbox;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.agent.devices.registry.DeviceEntry;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.platform.devicetypes.DeviceTypeCatalog;
import io.gmeye.agent.inspection.InspectionConfig;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.config.ConfigBundle;
import io.gmeye.protocols.config.DeviceSpec;
import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.protocols.envelope.Envelope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration bundle from the hub is checked like agent.yaml, refused whole with the field
 * and the reason, or kept in the data dir and applied; older versions are refused, the running
 * one is answered without applying it again.
 */
class SiteConfigHandlerTest {
    private static final DeviceTypeCatalog TYPES = DeviceTypeCatalog.load(TestEstate.repoRoot().resolve("config/device-types"));
    private static final String FILE_SECRET = DeviceSecret.hash("from-the-file");

    @TempDir
    Path dir;
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final List<SiteSetup> applied = new CopyOnWriteArrayList<>();
    private final DeviceRegistry registry = new DeviceRegistry(
            List.of(new DeviceEntry("gate-1", "turnstile", FILE_SECRET, "psk-of-gate-1", "cp-1", List.of())), TYPES);
    private SiteConfigHandler handler;

    private SiteConfigHandler handler(long running) {
        BundleCheck check = new BundleCheck(CameraConfig.of(List.of()), InspectionConfig.defaults(), registry, registry.entries());
        handler = new SiteConfigHandler("s1", check, new SiteConfigFile(dir), applied::add, outbox, Metrics.NOOP, running);
        handler.ready();
        return handler;
    }

    @AfterEach
    void close() {
        if (handler != null) {
            handler.close();
        }
    }

    @Test
    void aGoodBundleIsKeptAppliedAndAnsweredWithItsVersion() throws Exception {
        ConfigBundle b = new ConfigBundle(3, List.of(camera("cam-1", "rtsp://10.0.0.1/a")),
                List.of(new DeviceSpec("gate-1", "turnstile", "cp-1", List.of()), new DeviceSpec("smoke-9", "smoke_detector", null, List.of())),
                List.of(Map.of("id", "cam-1-parking", "type", "parking", "camera", "cam-1", "dwell", "5m")), null);
        CommandResult r = send(handler(0), b);

        assertThat(r.status()).as(r.message()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(r.result()).containsEntry(SiteConfigHandler.VERSION_KEY, 3L);
        assertThat(handler.version()).isEqualTo(3);
        assertThat(new SiteConfigFile(dir).load()).contains(b);
        SiteSetup s = applied.get(0);
        assertThat(s.cameras()).extracting(CameraSpec::id).containsExactly("cam-1");
        assertThat(s.scenes().get(0).dwell()).hasMinutes(5);
        DeviceEntry gate = s.devices().get(0);
        assertThat(gate.secret()).as("credentials from the agent's own registry file").isEqualTo(FILE_SECRET);
        assertThat(gate.psk()).isEqualTo("psk-of-gate-1");
        assertThat(s.devices().get(1).secret()).isNull();
    }

    @Test
    void aBadBundleIsRefusedWithTheFieldAndNothingIsAppliedOrKept() throws Exception {
        List<Object[]> cases = List.of(
                new Object[] {bundle(List.of(camera("cam-1", "http://10.0.0.1/a")), List.of(), List.of()), "cameras[0].url"},
                new Object[] {bundle(List.of(camera("cam-1", "rtsp://x/a"), camera("cam-1", "rtsp://x/b")), List.of(), List.of()), "used twice"},
                new Object[] {bundle(List.of(), List.of(new DeviceSpec("d-1", "toaster", null, List.of())), List.of()), "'toaster' is not a known device type"},
                new Object[] {bundle(List.of(camera("cam-1", "rtsp://x/a")), List.of(),
                        List.of(Map.of("id", "shop", "type", "out_of_store", "camera", "cam-1"))), "line: a out_of_store scene needs a line"},
                new Object[] {bundle(List.of(camera("cam-1", "rtsp://x/a")), List.of(),
                        List.of(Map.of("id", "p", "type", "parking", "camera", "cam-2"))), "scenes[0].camera: 'cam-2'"},
                new Object[] {bundle(List.of(camera("cam-1", "rtsp://x/a")), List.of(),
                        List.of(Map.of("id", "p", "type", "parking", "camera", "cam-1", "dwel", "5m"))), "dwel: unknown field"},
                new Object[] {bundle(List.of(camera("cam-1", "rtsp://x/a")), List.of(),
                        List.of(Map.of("id", "p", "type", "parking", "camera", "cam-1", "dwell", "soon"))), "dwell"});
        SiteConfigHandler h = handler(0);
        for (Object[] c : cases) {
            CommandResult r = send(h, (ConfigBundle) c[0]);
            assertThat(r.status()).isEqualTo(CommandStatus.FAILED);
            assertThat(r.message()).contains((String) c[1]);
        }
        assertThat(applied).isEmpty();
        assertThat(h.version()).isZero();
        assertThat(new SiteConfigFile(dir).load()).isEmpty();
    }

    @Test
    void anOlderVersionIsRefusedAndTheRunningOneIsNotAppliedAgain() throws Exception {
        SiteConfigHandler h = handler(5);
        CommandResult older = send(h, new ConfigBundle(4, List.of(), List.of(), List.of(), null));
        assertThat(older.status()).isEqualTo(CommandStatus.FAILED);
        assertThat(older.message()).contains("older than version 5");
        CommandResult same = send(h, new ConfigBundle(5, List.of(), List.of(), List.of(), null));
        assertThat(same.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(applied).isEmpty();
    }

    private CommandResult send(SiteConfigHandler h, ConfigBundle b) throws Exception {
        Envelope<ConfigBundle> e = Envelope.create("s1", "hub", b);
        h.handle(e).get(10, TimeUnit.SECONDS);
        CommandResult r = (CommandResult) outbox.messages().get(outbox.messages().size() - 1).body();
        assertThat(r.commandId()).isEqualTo(e.id());
        return r;
    }

    private static ConfigBundle bundle(List<CameraSpec> cameras, List<DeviceSpec> devices, List<Map<String, Object>> scenes) {
        return new ConfigBundle(1, cameras, devices, scenes, null);
    }

    private static CameraSpec camera(String id, String url) {
        return new CameraSpec(id, url, null, null, List.of());
    }
}
