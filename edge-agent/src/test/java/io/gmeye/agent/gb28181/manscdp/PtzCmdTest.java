package io.gmeye.agent.gb28181.manscdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.protocols.camera.PtzRequest;
import org.junit.jupiter.api.Test;

class PtzCmdTest {
    @Test
    void stopIsAllZeroWithTheHeaderAndChecksum() {
        assertThat(PtzCmd.of(PtzRequest.stop())).isEqualTo("A50F0000000000B4");
    }

    @Test
    void aMoveSetsDirectionBitsAndSpeedsFromTheVelocities() {
        // left at half speed (0x80), up at full (0xFF): instruction 0x02 | 0x08
        assertThat(PtzCmd.of(PtzRequest.move(-0.5, 1, 0))).isEqualTo("A50F000A80FF003D");
        // zoom in at full speed: instruction 0x10, zoom speed 15 in the high nibble of byte 7
        assertThat(PtzCmd.of(PtzRequest.move(0, 0, 1))).isEqualTo("A50F0010000000F0".substring(0, 12) + "F0" + checksum(0x10, 0, 0, 0xF0));
    }

    @Test
    void presetsCarryTheNumberInTheSecondDataByte() {
        assertThat(PtzCmd.of(PtzRequest.gotoPreset(3))).isEqualTo("A50F008200030039");
        assertThat(PtzCmd.of(new PtzRequest(PtzRequest.SET_PRESET, 0, 0, 0, 3))).isEqualTo("A50F008100030038");
    }

    @Test
    void aSlowMoveStillMoves() {
        assertThat(PtzCmd.of(PtzRequest.move(0.001, 0, 0)).substring(6, 10)).isEqualTo("0101");
    }

    private static String checksum(int code, int d1, int d2, int b7) {
        return String.format("%02X", (0xA5 + 0x0F + code + d1 + d2 + b7) % 256);
    }
}
