package io.gmeye.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.protocols.device.DeviceSecret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code ./run agent hash-device-secret PASSWORD}: what an operator puts in the device registry file. */
class HashDeviceSecretTest {
    @Test
    void printsAStoredFormTheDeviceEndpointAcceptsAndNotThePassword() {
        PrintStream was = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            AgentMain.main(new String[] {"hash-device-secret", "smoke-7-password"});
        } finally {
            System.setOut(was);
        }
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(printed).startsWith("sha256$").doesNotContain("smoke-7-password");
        assertThat(DeviceSecret.wellFormed(printed)).isTrue();
        assertThat(DeviceSecret.verify("smoke-7-password", printed)).isTrue();
        assertThat(DeviceSecret.verify("another-password", printed)).isFalse();
    }
}
