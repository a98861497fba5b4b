package io.gmeye.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.log.LogRecord;
import io.gmeye.protocols.codec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an import is cut into the log's records: every part under the bound, nothing lost or reordered. */
class ImportPartsTest {
    @Test
    void aLargeImportIsCutIntoPartsUnderTheBoundInTheOrderTagsSitesCheckpointsCamerasDevices() throws Exception {
        List<Tag> tags = List.of(new Tag("area/x", "X", null));
        List<SiteEntry> sites = List.of(new SiteEntry("site-x", "X", List.of("area/x")));
        List<CheckpointEntry> checkpoints = List.of(new CheckpointEntry("cp-x", "site-x", "gate", List.of(), false));
        List<CameraEntry> cameras = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            cameras.add(new CameraEntry("cam-" + i, "site-x", "camera number " + i + " on the north road", "dome", List.of("area/x"), 22.5, 113.9, false));
        }
        List<DeviceEntry> devices = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            devices.add(new DeviceEntry("dev-" + i, "site-x", "smoke_detector", i % 2 == 0 ? "cp-x" : null, null, List.of(), false));
        }
        RegistryImport in = new RegistryImport(tags, sites, cameras, devices, checkpoints);
        int bound = 100 * 1024;

        List<RegistryImport> parts = Registry.parts(in, bound);

        assertThat(Json.mapper().writeValueAsBytes(in).length).as("the import itself is over the bound").isGreaterThan(5 * bound);
        assertThat(parts.size()).isGreaterThan(5);
        for (RegistryImport p : parts) {
            assertThat(Json.mapper().writeValueAsBytes(p).length).as("a part's record body").isLessThan(bound + 1024);
        }
        List<Object> order = new ArrayList<>();
        parts.forEach(p -> {
            order.addAll(p.tags());
            order.addAll(p.sites());
            order.addAll(p.checkpoints());
            order.addAll(p.cameras());
            order.addAll(p.devices());
        });
        List<Object> expected = new ArrayList<>();
        expected.addAll(tags);
        expected.addAll(sites);
        expected.addAll(checkpoints);
        expected.addAll(cameras);
        expected.addAll(devices);
        assertThat(order).isEqualTo(expected);
    }

    @Test
    void aSmallImportIsOneRecordAndAnEmptyOneStillOne() {
        RegistryImport small = new RegistryImport(List.of(), List.of(), List.of(new CameraEntry("cam-1", "site-x", null, null, List.of(), null, null,
                false)), List.of(), List.of());
        assertThat(Registry.parts(small, 512 * 1024)).containsExactly(small);
        assertThat(Registry.parts(new RegistryImport(null, null, null, null, null), 512 * 1024)).hasSize(1);
    }

    @Test
    void anImportsEntriesGoUnderTheirSitesKeyAndTheTagsUnderTheHubsKeyFirst() {
        Tag tag = new Tag("area/x", "X", null);
        SiteEntry site = new SiteEntry("site-y", "Y", List.of());
        CheckpointEntry gate = new CheckpointEntry("cp-y", "site-y", "gate", List.of(), false);
        CameraEntry camX = new CameraEntry("cam-x", "site-x", null, null, List.of("area/x"), null, null, false);
        CameraEntry camY = new CameraEntry("cam-y", "site-y", null, null, List.of(), null, null, false);
        DeviceEntry dev = new DeviceEntry("dev-y", "site-y", "smoke_detector", "cp-y", null, List.of(), false);

        Map<String, RegistryImport> keyed = Registry.bySite(new RegistryImport(List.of(tag), List.of(site), List.of(camX, camY), List.of(dev),
                List.of(gate)));

        assertThat(keyed.keySet()).containsExactly(LogRecord.HUB, "site-y", "site-x");
        assertThat(keyed.get(LogRecord.HUB)).isEqualTo(new RegistryImport(List.of(tag), List.of(), List.of(), List.of(), List.of()));
        assertThat(keyed.get("site-y")).isEqualTo(new RegistryImport(List.of(), List.of(site), List.of(camY), List.of(dev), List.of(gate)));
        assertThat(keyed.get("site-x")).isEqualTo(new RegistryImport(List.of(), List.of(), List.of(camX), List.of(), List.of()));
        assertThat(Registry.bySite(new RegistryImport(null, null, null, null, null))).containsOnlyKeys(LogRecord.HUB);
    }
}
