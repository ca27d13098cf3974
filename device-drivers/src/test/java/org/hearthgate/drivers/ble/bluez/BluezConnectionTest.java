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

    @Test
    void errorTextsLoseDeviceAddresses() {
        assertThat(Redact.addresses("Method Connect on /org/bluez/hci0/dev_AA_BB_CC_DD_EE_0F failed"))
                .isEqualTo("Method Connect on /org/bluez/hci0/dev_<address> failed");
        assertThat(Redact.addresses("device aa:bb:cc:dd:ee:0f busy")).isEqualTo("device <address> busy");
        assertThat(Redact.addresses("le-connection-abort-by-local")).isEqualTo("le-connection-abort-by-local");
        assertThat(Redact.addresses(null)).isEqualTo("no detail");
    }
}
