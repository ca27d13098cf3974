package org.hearthgate.relay.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.hearthgate.contract.alarm.EventCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScaipEventTest {
    @ParameterizedTest
    @EnumSource(EventCode.class)
    void everyEventCodeHasAScaipStatusAndDeviceWithWords(EventCode code) {
        ScaipEvent e = ScaipEvent.of(code);

        assertThat(e.code()).isEqualTo(code.name());
        assertThat(e.status()).matches("\\d{4}").isEqualTo(code.scaipStatus());
        assertThat(e.deviceType()).matches("\\d{4}").isEqualTo(code.scaipDeviceType());
        assertThat(e.statusText()).isNotBlank();
        assertThat(e.deviceText()).isNotBlank();
        assertThat(e.messageType()).isEqualTo(code.isAlarm() ? "ME" : "IN");
    }

    @Test
    void aPendantPressIsAManualAlarmFromAPersonalTrigger() {
        assertThat(ScaipEvent.of(EventCode.PERSONAL_TRIGGER)).isEqualTo(new ScaipEvent("PERSONAL_TRIGGER", "0010",
                "Manual alarm", "0003", "Personal trigger", true));
        assertThat(ScaipEvent.of(EventCode.SENSOR_MISSING).statusText()).isEqualTo("Radio test transmission missing");
        assertThat(ScaipEvent.of(EventCode.POWER_FAIL).deviceText()).isEqualTo("Power supply");
    }
}
