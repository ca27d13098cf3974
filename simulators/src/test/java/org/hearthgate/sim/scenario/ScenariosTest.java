package org.hearthgate.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.hub.HubSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario on the virtual clock through the real hub (GPIO, BLE and radio drivers, alert engine, SQLite outbox)
 * with the in-process cloud: what it says the care plan raises reaches the cloud, what it says must not happen does
 * not, and nothing is left in the outbox.
 */
class ScenariosTest {
    /** A Monday in March: Europe/London is on GMT, so local times read as UTC in the assertions. */
    private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);
    private static final HubSettings HUB = HubSettings.defaults(TenantId.of("sim"), HubId.of("hub-sim"),
            ResidentId.of("res-sim"));

    @TempDir
    Path dir;

    private ScenarioRunner.Run run(String id) throws InterruptedException {
        HomeScenario s = Scenarios.byId(id).orElseThrow();
        ScenarioRunner.Run run = ScenarioRunner.run(s, MONDAY, HUB, dir);
        assertThat(run.problems()).as(id + "\n" + String.join("\n", run.log())).isEmpty();
        assertThat(run.result().undelivered()).isZero();
        return run;
    }

    private static Instant local(LocalDateTime t) {
        return t.atZone(Residence.ZONE).toInstant();
    }

    @Test
    void quietDaysRaiseNothing() throws InterruptedException {
        ScenarioRunner.Run run = run("quiet-days");
        assertThat(run.result().alarms()).isEmpty();
        assertThat(run.result().readings()).hasSizeGreaterThan(100);
    }

    @Test
    void aHypertensiveWeekRaisesTheHomeBloodPressureAlarmAndTheStoredReadingsCount() throws InterruptedException {
        ScenarioRunner.Run run = run("hypertensive-week");
        assertThat(run.result().alarms()).filteredOn(a -> a.code() == EventCode.VITAL_SIGN)
                .anySatisfy(a -> assertThat(a.dedupKey()).isEqualTo("hbpm"));
        // Day 3's morning readings were stored by the cuff while out of range and replayed at 08:20, with their own
        // measurement times.
        assertThat(run.result().readings()).filteredOn(r -> r.observation() instanceof BloodPressure)
                .filteredOn(r -> r.observation().at().isAfter(local(MONDAY.plusDays(2).atTime(7, 50)))
                        && r.observation().at().isBefore(local(MONDAY.plusDays(2).atTime(8, 20))))
                .hasSize(2).allSatisfy(r -> assertThat(r.receivedAt()).isAfterOrEqualTo(local(MONDAY.plusDays(2)
                        .atTime(8, 20))));
        assertThat(run.result().readings()).filteredOn(r -> r.observation() instanceof BloodPressure).hasSize(28);
    }

    @Test
    void heartFailureGettingWorseRaisesTheWeightGainAlarm() throws InterruptedException {
        ScenarioRunner.Run run = run("heart-failure");
        AlarmRaised first = run.result().alarms().stream().filter(a -> a.code() == EventCode.VITAL_SIGN)
                .findFirst().orElseThrow();
        assertThat(first.summary()).contains("kg");
        // Not before the weight started climbing on day 3 (Thursday).
        assertThat(first.trigger().at()).isAfter(local(MONDAY.plusDays(3).atTime(0, 0)));
    }

    @Test
    void aFallAt3WithThePendantIsAnAlarmAtOnce() throws InterruptedException {
        ScenarioRunner.Run run = run("fall-3am");
        AlarmRaised press = run.result().alarms().stream().filter(a -> a.code() == EventCode.PERSONAL_TRIGGER)
                .findFirst().orElseThrow();
        assertThat(press.trigger().at()).isEqualTo(local(MONDAY.plusDays(1).atTime(3, 4)));
    }

    @Test
    void aFallAt3WithoutThePendantIsCaughtByTheBedPadAlone() throws InterruptedException {
        ScenarioRunner.Run run = run("fall-3am-no-pendant");
        assertThat(run.result().alarms()).singleElement()
                .satisfies(a -> assertThat(a.code()).isEqualTo(EventCode.OUT_OF_BED));
    }

    /** Needs the SisFall data: -Dhearthgate.falls.dir, or ../shared/data/falls beside the repository. */
    @Test
    void aFallAt3OnTheWearableIsDetectedFromTheRecordedTrace() throws InterruptedException {
        ScenarioRunner.Run run = run("fall-3am-wearable");
        AlarmRaised fall = run.result().alarms().stream().filter(a -> a.code() == EventCode.FALL_DETECTED)
                .findFirst().orElseThrow();
        assertThat(fall.trigger().at()).isAfter(local(MONDAY.plusDays(1).atTime(3, 1)))
                .isBefore(local(MONDAY.plusDays(1).atTime(3, 3)));
    }

    @Test
    void notUpBy10RaisesAPreAlarmThenAnInactivityAlarm() throws InterruptedException {
        ScenarioRunner.Run run = run("not-up");
        assertThat(run.result().alarms()).singleElement()
                .satisfies(a -> assertThat(a.code()).isEqualTo(EventCode.INACTIVITY));
    }

    @Test
    void aPowerCutIsReportedAndAPressOnBatteryStillGetsThrough() throws InterruptedException {
        ScenarioRunner.Run run = run("power-cut");
        assertThat(run.result().events()).extracting(e -> e.code())
                .containsSubsequence(EventCode.POWER_FAIL, EventCode.POWER_RESTORE);
    }

    @Test
    void aDayWithoutBroadbandLosesNothing() throws InterruptedException {
        ScenarioRunner.Run run = run("broadband-outage");
        Instant down = local(MONDAY.atTime(12, 0));
        Instant up = local(MONDAY.plusDays(1).atTime(12, 0));
        // Every reading taken while the link was down reached the cloud once the link was back.
        assertThat(run.result().readings()).filteredOn(r -> r.observation().at().isAfter(down)
                && r.observation().at().isBefore(up)).hasSizeGreaterThan(30);
        assertThat(run.result().alarms()).singleElement()
                .satisfies(a -> assertThat(a.trigger().at()).isEqualTo(local(MONDAY.atTime(19, 30))));
    }

    @Test
    void aFlatPendantIsReportedAndItsPressRaisesNothing() throws InterruptedException {
        ScenarioRunner.Run run = run("flat-pendant");
        assertThat(run.result().alarms()).isEmpty();
        assertThat(run.log()).anyMatch(l -> l.contains("flat: nothing sent"));
    }

    @Test
    void everyScenarioHasItsTestHere() {
        assertThat(Scenarios.all()).extracting(HomeScenario::id).containsExactlyInAnyOrder("quiet-days",
                "hypertensive-week", "heart-failure", "fall-3am", "fall-3am-no-pendant", "fall-3am-wearable", "not-up", "power-cut",
                "broadband-outage", "flat-pendant");
    }
}
