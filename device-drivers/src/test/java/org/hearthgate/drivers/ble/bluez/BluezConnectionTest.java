package org.hearthgate.drivers.ble.bluez;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BluezConnectionTest {

    @Test
    void valueBytesArriveAsAnArrayOrAListOfBytes() {
        assertThat(BluezConnection.bytes(new byte[] {1, (byte) 0xFF})).containsExactly(1, (byte) 0xFF);
        assertThat(BluezConnection.bytes(List.of((byte) 2, (byte) 0x80))).containsExactly(2, (byte) 0x80);
    }

    @Test
    void anythingElseIsNoValueRatherThanInventedBytes() {
        assertThat(BluezConnection.bytes("0102")).isNull();
        assertThat(BluezConnection.bytes(Arrays.asList((byte) 1, null))).isNull();
        assertThat(BluezConnection.bytes(null)).isNull();
    }
}
