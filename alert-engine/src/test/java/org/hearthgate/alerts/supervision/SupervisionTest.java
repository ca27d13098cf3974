package org.hearthgate.alerts.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.alerts.Fixture;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.MainsPower;
import org.junit.jupiter.api.Test;

class SupervisionTest {
    private static final DeviceId HUB = DeviceId.of("hub-psu");
    private static final DeviceId PIR = DeviceId.of("pir-hall");

    private final Fixture f = new Fixture("activity: {inactivity: []}");

    private List<Outcome> mains(boolean on) {
        return f.feed(new MainsPower(HUB, f.now(), on));
    }

    private List<Outcome> status(DeviceState s) {
        return f.feed(new DeviceStatus(PIR, f.now(), s, null));
    }

    private List<Outcome> battery(double pct) {
        return f.feed(new BatteryLevel(PIR, f.now(), Quantity.of(pct, Ucum.PERCENT)));
    }

    @Test
    void anExpectedDeviceThatNeverReportsIsMissedAfterItsAllowance() {
        DeviceId cuff = DeviceId.of("cuff-1");
        f.engine.expect(cuff);
        // the default allowance is 26 h: nothing before it, missed once when it is up
        assertThat(Fixture.events(f.jump(Duration.ofHours(26).minusMinutes(1)), EventCode.SENSOR_MISSING)).isEmpty();
        List<Outcome> out = f.jump(Duration.ofMinutes(1));
        assertThat(Fixture.events(out, EventCode.SENSOR_MISSING)).singleElement()
                .satisfies(n -> assertThat(n.event().device()).isEqualTo(cuff));
        assertThat(Fixture.events(f.jump(Duration.ofHours(5)), EventCode.SENSOR_MISSING)).isEmpty();
    }

    @Test
    void aMainsFlickerIsCountedNotAnnounced() {
        mains(false);
        f.advance(Duration.ofSeconds(29));
        assertThat(mains(true)).isEmpty();
        assertThat(f.advance(Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void aPowerCutIsToldOnceAndItsRestoreOnce() {
        mains(false);
        List<Outcome> out = f.advance(Duration.ofSeconds(30));
        assertThat(Fixture.events(out, EventCode.POWER_FAIL)).hasSize(1);
        mains(false);
        assertThat(Fixture.events(f.advance(Duration.ofMinutes(10)), EventCode.POWER_FAIL)).isEmpty();
        assertThat(Fixture.events(mains(true), EventCode.POWER_RESTORE)).hasSize(1);
        assertThat(Fixture.events(mains(true), EventCode.POWER_RESTORE)).isEmpty();
    }

    @Test
    void aSensorOfflineBrieflyIsNotMissing() {
        status(DeviceState.OFFLINE);
        f.jump(Duration.ofMinutes(4));
        status(DeviceState.ONLINE);
        assertThat(Fixture.events(f.jump(Duration.ofMinutes(10)), EventCode.SENSOR_MISSING)).isEmpty();
    }

    @Test
    void aSensorOfflinePastTheDebounceIsMissingThenRestored() {
        status(DeviceState.OFFLINE);
        assertThat(Fixture.events(f.jump(Duration.ofMinutes(5)), EventCode.SENSOR_MISSING)).singleElement()
                .satisfies(n -> assertThat(n.event().device()).isEqualTo(PIR));
        assertThat(Fixture.events(f.jump(Duration.ofMinutes(5)), EventCode.SENSOR_MISSING)).isEmpty();
        assertThat(Fixture.events(status(DeviceState.ONLINE), EventCode.SENSOR_RESTORED)).hasSize(1);
    }

    @Test
    void aSilentSensorIsMissingAfterItsCheckInInterval() {
        f.motion("hall");
        assertThat(Fixture.events(f.jump(Duration.ofHours(26).minusSeconds(1)), EventCode.SENSOR_MISSING)).isEmpty();
        assertThat(Fixture.events(f.jump(Duration.ofSeconds(1)), EventCode.SENSOR_MISSING)).hasSize(1);
        assertThat(Fixture.events(f.motion("hall"), EventCode.SENSOR_RESTORED)).hasSize(1);
    }

    @Test
    void batteryLowIsToldAtMostOnceADay() {
        List<Outcome> out = new ArrayList<>(battery(19));
        for (int i = 0; i < 23; i++) {
            f.clock.advance(Duration.ofHours(1));
            out.addAll(battery(i % 2 == 0 ? 20 : 18)); // wobbling at the limit
        }
        assertThat(Fixture.events(out, EventCode.BATTERY_LOW)).hasSize(1);
        f.clock.advance(Duration.ofHours(1));
        assertThat(Fixture.events(battery(17), EventCode.BATTERY_LOW)).hasSize(1);
    }

    @Test
    void aNewBatteryReArmsTheNotice() {
        battery(15);
        f.clock.advance(Duration.ofHours(1));
        battery(100);
        f.clock.advance(Duration.ofHours(1));
        assertThat(Fixture.events(battery(15), EventCode.BATTERY_LOW)).hasSize(1);
    }

    @Test
    void aTamperedDeviceIsToldOncePerHoldoff() {
        assertThat(Fixture.events(status(DeviceState.TAMPERED), EventCode.DEVICE_FAULT)).hasSize(1);
        f.clock.advance(Duration.ofMinutes(10));
        assertThat(Fixture.events(status(DeviceState.TAMPERED), EventCode.DEVICE_FAULT)).isEmpty();
        f.clock.advance(Duration.ofHours(1));
        assertThat(Fixture.events(status(DeviceState.TAMPERED), EventCode.DEVICE_FAULT)).hasSize(1);
    }

    @Test
    void devicesBeyondTheCapAreReportedOnceNotSilentlyDropped() {
        Fixture g = new Fixture("supervision: {maxDevices: 2}");
        g.motion("a");
        g.motion("b");
        assertThat(Fixture.events(g.motion("c"), EventCode.DEVICE_FAULT)).hasSize(1);
        assertThat(Fixture.events(g.motion("d"), EventCode.DEVICE_FAULT)).isEmpty();
        assertThat(g.engine.stats().devices()).isEqualTo(2);
    }

    @Test
    void theHubsOwnMainsMonitorIsNeverReportedMissing() {
        mains(true);
        assertThat(Fixture.events(f.jump(Duration.ofDays(3)), EventCode.SENSOR_MISSING)).isEmpty();
    }

    @Test
    void aDeviceCanHaveItsOwnCheckInInterval() {
        Fixture g = new Fixture("supervision: {checkIn: {pir-hall: 9h, door-1: 72h}}");
        g.motion("hall");
        g.door("back door", false);
        assertThat(Fixture.events(g.jump(Duration.ofHours(9)), EventCode.SENSOR_MISSING)).singleElement()
                .satisfies(n -> assertThat(n.event().device()).isEqualTo(PIR));
        assertThat(Fixture.events(g.jump(Duration.ofHours(62)), EventCode.SENSOR_MISSING)).isEmpty();
        assertThat(Fixture.events(g.jump(Duration.ofHours(1)), EventCode.SENSOR_MISSING)).singleElement()
                .satisfies(n -> assertThat(n.event().detail()).contains("72 h"));
    }
}
