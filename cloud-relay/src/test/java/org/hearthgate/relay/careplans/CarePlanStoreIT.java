package org.hearthgate.relay.careplans;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hearthgate.alerts.plan.Comparison;
import org.hearthgate.alerts.plan.Measure;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.wire.ConfigUpdate;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.TestDatabases;
import org.hearthgate.relay.store.RelayStore;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The care-plan store on SQLite and on a real PostgreSQL: versions, pushes and their answers, the digests hubs
 * report, and the observer of the stored stream that turns a hub's answers into APPLIED or REFUSED.
 */
class CarePlanStoreIT {
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId OTHER = TenantId.of("other");
    private static final ResidentId PEGGY = ResidentId.of("res-peggy");
    private static final HubId HUB = HubId.of("hub-0007");
    private static final Instant T0 = Instant.parse("2026-12-02T10:32:00Z");
    static final String SPO2_90 = "vitals:\n  limits:\n    - {id: spo2-low, below: 90, priority: high}\n";
    static final String SPO2_88 = "vitals:\n  limits:\n    - {id: spo2-low, below: 88, priority: high}\n";
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private Database open(String kind) {
        return databases.open(kind);
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void versionsCountUpPerResidentAndTheSameTextIsNotANewVersion(String kind) {
        try (Database db = open(kind)) {
            CarePlanStore store = new CarePlanStore(db);
            assertThat(store.latest(ACME, PEGGY)).isEmpty();
            assertThat(store.planOf(ACME, PEGGY).vitals().limits()).as("no plan saved: the hub's defaults")
                    .anyMatch(l -> l.id().equals("spo2-low") && l.limit() == 92);

            CarePlanStore.Saved first = store.save(ACME, PEGGY, SPO2_90, "dr.okafor", "COPD: target lower", T0);
            assertThat(first.created()).isTrue();
            assertThat(first.version().version()).isEqualTo(1);
            assertThat(first.version().digest()).isEqualTo(ConfigUpdate.carePlanDigest(SPO2_90)).hasSize(64);
            CarePlanStore.Saved again = store.save(ACME, PEGGY, SPO2_90, "admin", null, T0.plusSeconds(5));
            assertThat(again.created()).as("identical to the latest").isFalse();
            assertThat(again.version().version()).isEqualTo(1);
            assertThat(store.save(ACME, PEGGY, SPO2_88, "admin", null, T0.plusSeconds(9)).version().version())
                    .isEqualTo(2);
            assertThat(store.save(ACME, PEGGY, SPO2_90, "admin", "back", T0.plusSeconds(12)).version().version())
                    .as("the same text as an older version is a new version").isEqualTo(3);
            // Another tenant's resident of the same id is another resident.
            assertThat(store.save(OTHER, PEGGY, SPO2_88, "x", null, T0).version().version()).isEqualTo(1);

            assertThat(store.versions(ACME, PEGGY, 50)).extracting(PlanVersion::version).containsExactly(3, 2, 1);
            assertThat(store.versions(ACME, PEGGY, 50).get(2)).satisfies(v -> {
                assertThat(v.yaml()).as("brief: no text").isNull();
                assertThat(v.author()).isEqualTo("dr.okafor");
                assertThat(v.note()).isEqualTo("COPD: target lower");
                assertThat(v.createdAt()).isEqualTo(T0);
            });
            assertThat(store.version(ACME, PEGGY, 2).orElseThrow().yaml()).isEqualTo(SPO2_88);
            assertThat(store.latest(ACME, PEGGY).orElseThrow().yaml()).isEqualTo(SPO2_90);
            assertThat(store.versionWithDigest(ACME, PEGGY, ConfigUpdate.carePlanDigest(SPO2_90))).contains(3);
            assertThat(store.versionWithDigest(ACME, PEGGY, CarePlanStore.DEFAULTS)).isEmpty();
            assertThat(store.planOf(ACME, PEGGY).vitals().limits())
                    .filteredOn(l -> l.measure() == Measure.SPO2).singleElement()
                    .satisfies(l -> {
                        assertThat(l.comparison()).isEqualTo(Comparison.BELOW);
                        assertThat(l.limit()).isEqualTo(90);
                    });
            assertThat(store.planOf(OTHER, PEGGY).vitals().limits()).anyMatch(l -> l.limit() == 88
                    && l.measure() == Measure.SPO2);
        }
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void editorsSavingAtOnceEachGetTheirOwnVersion(String kind) throws Exception {
        try (Database db = open(kind)) {
            CarePlanStore store = new CarePlanStore(db);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Integer>> saves = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String yaml = "vitals:\n  limits:\n    - {id: spo2-low, below: " + (86 + i) + "}\n";
                    saves.add(() -> store.save(ACME, PEGGY, yaml, "ed" + yaml.length(), null, T0).version()
                            .version());
                }
                List<Integer> versions = new ArrayList<>();
                for (Future<Integer> f : pool.invokeAll(saves)) {
                    versions.add(f.get());
                }
                assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void aPushIsPendingUntilTheHubAppliesThatDigestOrRefusesIt(String kind) {
        try (Database db = open(kind)) {
            CarePlanStore store = new CarePlanStore(db);
            PlanVersion v1 = store.save(ACME, PEGGY, SPO2_90, "admin", null, T0).version();
            Push p = store.recordPush(ACME, PEGGY, v1, HUB, "admin", T0.plusSeconds(1));
            assertThat(p.state()).isEqualTo(Push.State.PENDING);
            assertThat(store.latestPush(ACME, PEGGY)).contains(p);

            // Another digest, another hub, another tenant: nothing changes
            assertThat(store.applied(ACME, HUB, ConfigUpdate.carePlanDigest(SPO2_88), T0.plusSeconds(2))).isEmpty();
            assertThat(store.applied(ACME, HubId.of("hub-other"), v1.digest(), T0.plusSeconds(2))).isEmpty();
            assertThat(store.applied(OTHER, HUB, v1.digest(), T0.plusSeconds(2))).isEmpty();
            assertThat(store.latestPush(ACME, PEGGY).orElseThrow().state()).isEqualTo(Push.State.PENDING);

            List<Push> applied = store.applied(ACME, HUB, v1.digest(), T0.plusSeconds(3));
            assertThat(applied).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(Push.State.APPLIED);
                assertThat(a.answeredAt()).isEqualTo(T0.plusSeconds(3));
            });
            assertThat(store.applied(ACME, HUB, v1.digest(), T0.plusSeconds(4))).as("idempotent").isEmpty();
            assertThat(store.latestPush(ACME, PEGGY).orElseThrow().answeredAt()).isEqualTo(T0.plusSeconds(3));

            PlanVersion v2 = store.save(ACME, PEGGY, SPO2_88, "admin", null, T0.plusSeconds(5)).version();
            store.recordPush(ACME, PEGGY, v2, HUB, "admin", T0.plusSeconds(6));
            assertThat(store.refused(ACME, HUB, "%", "x", T0)).as("never a pattern from the wire").isEmpty();
            assertThat(store.refused(ACME, HUB, v2.digest().substring(0, 12), "vitals.limits[0].below: too low",
                    T0.plusSeconds(7))).singleElement().extracting(Push::state).isEqualTo(Push.State.REFUSED);
            Push latest = store.latestPush(ACME, PEGGY).orElseThrow();
            assertThat(latest.version()).isEqualTo(2);
            assertThat(latest.state()).isEqualTo(Push.State.REFUSED);
            assertThat(latest.reason()).isEqualTo("vitals.limits[0].below: too low");

            Push lost = store.recordPush(ACME, PEGGY, v2, HUB, "admin", T0.plusSeconds(8));
            store.forgetPush(ACME, lost.id());
            assertThat(store.latestPush(ACME, PEGGY).orElseThrow().id()).isNotEqualTo(lost.id());
        }
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void theObserverMarksAppliedOnTheMatchingDigestOnlyAndKeepsWhatEachHubRuns(String kind) {
        try (Database db = open(kind)) {
            CarePlanStore store = new CarePlanStore(db);
            List<Map<String, Object>> live = new CopyOnWriteArrayList<>();
            HubConfirmations observer = new HubConfirmations(store, (event, data) -> live.add(Map.of("event", event,
                    "data", data)));
            PlanVersion v1 = store.save(ACME, PEGGY, SPO2_90, "admin", null, T0).version();
            store.recordPush(ACME, PEGGY, v1, HUB, "admin", T0);

            // The hub runs its defaults; then it says it applied another plan: v1's push stays pending
            observer.accept(List.of(in(ACME, HUB, heartbeat(CarePlanStore.DEFAULTS), 1),
                    in(ACME, HUB, applied(ConfigUpdate.carePlanDigest(SPO2_88)), 2),
                    in(ACME, HubId.of("hub-other"), applied(v1.digest()), 3),
                    in(OTHER, HUB, applied(v1.digest()), 3)));
            assertThat(store.latestPush(ACME, PEGGY).orElseThrow().state()).isEqualTo(Push.State.PENDING);
            assertThat(store.reported(ACME, HUB).orElseThrow().digest()).isEqualTo(CarePlanStore.DEFAULTS);
            assertThat(live).isEmpty();

            // WHEN it applies v1 and at once sends a heartbeat naming it (one batch, and again: redelivered)
            List<RelayStore.Inbound> batch = List.of(in(ACME, HUB, applied(v1.digest()), 10),
                    in(ACME, HUB, heartbeat(v1.digest()), 11));
            observer.accept(batch);
            observer.accept(batch);

            // THEN the push is APPLIED once, announced once for those who may see Peggy, and the hub runs v1
            Push p = store.latestPush(ACME, PEGGY).orElseThrow();
            assertThat(p.state()).isEqualTo(Push.State.APPLIED);
            assertThat(p.answeredAt()).isEqualTo(T0.plusSeconds(10));
            assertThat(store.reported(ACME, HUB).orElseThrow()).satisfies(r -> {
                assertThat(r.digest()).isEqualTo(v1.digest());
                assertThat(r.at()).isEqualTo(T0.plusSeconds(11));
            });
            assertThat(live).singleElement().satisfies(e -> {
                assertThat(e.get("event")).isEqualTo("careplan.applied");
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) e.get("data");
                assertThat(data).containsEntry("tenant", "acme")
                        .containsEntry("resident", "res-peggy").containsEntry("hub", "hub-0007")
                        .containsEntry("version", 1).containsEntry("state", "APPLIED");
            });

            // A heartbeat alone confirms a push whose event was lost
            PlanVersion v2 = store.save(ACME, PEGGY, SPO2_88, "admin", null, T0).version();
            store.recordPush(ACME, PEGGY, v2, HUB, "admin", T0.plusSeconds(20));
            observer.accept(List.of(in(ACME, HUB, heartbeat(v2.digest()), 30)));
            assertThat(store.latestPush(ACME, PEGGY).orElseThrow().state()).isEqualTo(Push.State.APPLIED);

            // A refusal names 12 hex digits and the reason
            PlanVersion v3 = store.save(ACME, PEGGY, SPO2_90 + "timeZone: Europe/London\n", "admin", null, T0)
                    .version();
            store.recordPush(ACME, PEGGY, v3, HUB, "admin", T0.plusSeconds(40));
            observer.accept(List.of(in(ACME, HUB, new Event(PEGGY, EventCode.REMOTE_INSTRUCTION, Priority.LOW,
                    (DeviceId) null, "config refused: carePlan " + v3.digest().substring(0, 12)
                            + ": vitals.limits[0].below: 10 is outside 50..100"), 41)));
            Push refused = store.latestPush(ACME, PEGGY).orElseThrow();
            assertThat(refused.state()).isEqualTo(Push.State.REFUSED);
            assertThat(refused.reason()).isEqualTo("vitals.limits[0].below: 10 is outside 50..100");
            assertThat(live).last().satisfies(e -> assertThat(e.get("event")).isEqualTo("careplan.refused"));
            // Not a digest: ignored, nothing thrown
            observer.accept(List.of(in(ACME, HUB, heartbeat("not-a-digest"), 50)));
            assertThat(store.reported(ACME, HUB).orElseThrow().digest()).isEqualTo(v2.digest());
        }
    }

    private static Event applied(String digest) {
        return new Event(PEGGY, EventCode.REMOTE_INSTRUCTION, Priority.INFO, null, "config applied: carePlan "
                + digest);
    }

    private static Heartbeat heartbeat(String digest) {
        return new Heartbeat(60, 100, 0, 0, "test", digest);
    }

    private static RelayStore.Inbound in(TenantId tenant, HubId hub, Payload body, long second) {
        return new RelayStore.Inbound(tenant, Message.of(hub, second, T0.plusSeconds(second), body),
                T0.plusSeconds(second));
    }
}
