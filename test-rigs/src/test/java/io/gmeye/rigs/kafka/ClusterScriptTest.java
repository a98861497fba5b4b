package io.gmeye.rigs.kafka;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterScriptTest {
    @Test
    void refusesABrokerPortThatIsAlsoAControllerPortAndNamesIt(@TempDir Path dir) {
        ClusterScript script = new ClusterScript(dir, Map.of(
                "GMEYE_KAFKA_PORTS", "21001,21002,21003",
                "GMEYE_KAFKA_CONTROLLER_PORTS", "21101,21003,21103"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> script.run("kafka", "start"));
        assertTrue(e.getMessage().contains("port 21003 is listed twice"), e.getMessage());
    }
}
