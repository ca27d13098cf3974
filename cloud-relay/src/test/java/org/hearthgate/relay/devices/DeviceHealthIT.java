package org.hearthgate.relay.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.HubStatus;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.careplans.CarePlans;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.TestDatabases;
import org.hearthgate.relay.devices.DeviceHealth.DeviceView;
import org.hearthgate.relay.devices.DeviceHealth.HubHealth;
import org.hearthgate.relay.devices.DeviceHealth.State;
import org.hearthgate.relay.devices.DeviceHealth.Status;
import org.hearthgate.relay.directory.Device;
import org.hearthgate.relay.directory.RegisteredHub;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.directory.SqlCareDirectory;
import org.hearthgate.relay.directory.Tenant;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.hearthgate.relay.store.RelayStore.Inbound;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Device state from the stored stream, and the health overview built on it, on SQLite and on a real PostgreSQL: the
 * battery from readings, missing then restored from the hub's events, newer wins on redelivery, a registered device
 * never heard from, the worst hubs first, one tenant's hubs only.
 */
class DeviceHealthIT {
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId OTHER = TenantId.of("other");
    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");
    /** Hub password hash as mosquitto_passwd writes it (any well-formed one does here). */
    private static final String HUB_HASH = "$7$101$kU20uUI2GH0wyb9u$HD191XNpcTYR9ouEgrIZ461pKCJD05r0K/B+wZ6Q4QwF0qj91dIfD"
            + "+pPOgLWnW9MyxKNM0wr+tYX5N3H38Otpw==";
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private final ManualClock clock = new ManualClock(T0);
    private Database db;
    private JdbcRelayStore store;
    private DeviceStates states;
    private SqlCareDirectory directory;
    private DeviceHealth health;

    private void open(String kind) {
        db = databases.open(kind);
        store = new JdbcRelayStore(db);
        states = new DeviceStates(db);
        directory = new SqlCareDirectory(db, clock);
        health = new DeviceHealth(store, states, directory, CarePlans.defaults(), clock);
    }

    private void close() {
        store.close();
        db.close();
    }

    /** What the ingest does with a batch: store it, then tell the observer. */
    private void deliver(TenantId tenant, List<Message> messages) {
        List<Inbound> batch = messages.stream().map(m -> new Inbound(tenant, m, clock.instant())).toList();
        store.ingest(batch);
        states.record(batch);
    }

    private void deliver(Message... messages) {
        deliver(ACME, List.of(messages));
    }

    private static Message msg(String hub, Instant at, Payload body) {
        return Message.of(HubId.of(hub), 1, at, body);
    }

    private static Message reading(String hub, Observation o) {
        return msg(hub, o.at(), new Reading(ResidentId.of("res-" + hub), o, o.at()));
    }

    private static Message battery(String hub, String device, Instant at, double percent) {
        return reading(hub, new BatteryLevel(DeviceId.of(device), at, Quantity.of(percent, Ucum.PERCENT)));
    }

    private static Message motion(String hub, String device, Instant at, String room) {
        return reading(hub, new Motion(DeviceId.of(device), at, room, true));
    }

    private static Message event(String hub, String device, Instant at, EventCode code) {
        return msg(hub, at, new Event(ResidentId.of("res-" + hub), code, code.defaultPriority(),
                device == null ? null : DeviceId.of(device), "test"));
    }

    private DeviceView device(HubHealth h, String id) {
        return h.devices().stream().filter(d -> d.device().equals(id)).findFirst().orElseThrow();
    }

    private HubHealth hub(String id) {
        return health.overview(ACME, null, 1_000, 0).hubs().stream().filter(h -> h.hub().equals(id)).findFirst()
                .orElseThrow();
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void theBatteryComesFromReadingsAndAnOlderRedeliveryChangesNothing(String kind) {
        open(kind);
        try {
            Message full = battery("hub-a", "pendant-1", T0.minusSeconds(600), 80);
            deliver(full);
            assertThat(device(hub("hub-a"), "pendant-1")).extracting(DeviceView::battery, DeviceView::state)
                    .containsExactly(80.0, State.OK);

            Instant later = T0.minusSeconds(60);
            deliver(battery("hub-a", "pendant-1", later, 8));
            DeviceView low = device(hub("hub-a"), "pendant-1");
            assertThat(low.battery()).isEqualTo(8.0);
            assertThat(low.batteryAt()).isEqualTo(later);
            assertThat(low.state()).isEqualTo(State.LOW_BATTERY);
            assertThat(low.since()).isEqualTo(later);
            assertThat(hub("hub-a").status()).isEqualTo(Status.LOW_BATTERY);

            // WHEN the older reading is delivered again (a resend after a lost receipt), and twice in one batch
            clock.advance(Duration.ofSeconds(5));
            deliver(ACME, List.of(full, full));
            // THEN neither the level nor last seen goes back
            DeviceView after = device(hub("hub-a"), "pendant-1");
            assertThat(after.battery()).isEqualTo(8.0);
            assertThat(after.lastSeen()).isEqualTo(later);
            assertThat(after.state()).isEqualTo(State.LOW_BATTERY);
        } finally {
            close();
        }
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void aSensorIsMissingFromTheHubsEventUntilItIsRestored(String kind) {
        open(kind);
        try {
            Instant heard = T0.minus(Duration.ofHours(3));
            deliver(motion("hub-b", "pir-bedroom", heard, "Bedroom"));
            Message missing = event("hub-b", "pir-bedroom", T0.minusSeconds(30), EventCode.SENSOR_MISSING);
            deliver(missing);

            DeviceView d = device(hub("hub-b"), "pir-bedroom");
            assertThat(d.state()).isEqualTo(State.MISSING);
            assertThat(d.since()).isEqualTo(T0.minusSeconds(30));
            assertThat(d.lastSeen()).as("the missing event is not a sign of life").isEqualTo(heard);
            assertThat(d.kind()).isEqualTo("motion");
            assertThat(d.room()).isEqualTo("Bedroom");
            assertThat(hub("hub-b").status()).isEqualTo(Status.MISSING);

            clock.advance(Duration.ofMinutes(10));
            deliver(event("hub-b", "pir-bedroom", T0.plusSeconds(300), EventCode.SENSOR_RESTORED));
            assertThat(device(hub("hub-b"), "pir-bedroom").state()).isEqualTo(State.OK);
            assertThat(device(hub("hub-b"), "pir-bedroom").lastSeen()).isEqualTo(T0.plusSeconds(300));

            // The missing event again (redelivered late): restored stays restored
            deliver(missing);
            assertThat(device(hub("hub-b"), "pir-bedroom").state()).isEqualTo(State.OK);
            assertThat(hub("hub-b").status()).isEqualTo(Status.OK);

            // A fault the device reports, cleared when it says it is online again
            deliver(reading("hub-b", new DeviceStatus(DeviceId.of("pir-bedroom"), T0.plusSeconds(400),
                    DeviceState.TAMPERED, "cover open")));
            assertThat(device(hub("hub-b"), "pir-bedroom")).extracting(DeviceView::state, DeviceView::detail)
                    .containsExactly(State.FAULT, "tampered: cover open");
            deliver(reading("hub-b", new DeviceStatus(DeviceId.of("pir-bedroom"), T0.plusSeconds(500),
                    DeviceState.ONLINE, null)));
            assertThat(device(hub("hub-b"), "pir-bedroom").state()).isEqualTo(State.OK);
        } finally {
            close();
        }
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void aRegisteredDeviceNeverHeardFromShowsAsNeverSeenAndASilentOneAsOverdue(String kind) {
        open(kind);
        try {
            directory.putTenant(new Tenant(ACME, "Acme Telecare"));
            directory.putResident(resident("res-c"));
            directory.putHub(new RegisteredHub(ACME, HubId.of("hub-c"), HUB_HASH, null, ResidentId.of("res-c")));
            directory.putDevice(ACME, new Device(HubId.of("hub-c"), DeviceId.of("pendant-9"), "pendant", null));
            directory.putDevice(ACME, new Device(HubId.of("hub-c"), DeviceId.of("cuff-1"), "blood-pressure", null));
            // the cuff was last heard 30 hours ago (the default check-in is 26 h); the hub itself speaks now
            clock.set(T0.minus(Duration.ofHours(30)));
            deliver(reading("hub-c", bp("cuff-1", clock.instant())));
            clock.set(T0);
            deliver(event("hub-c", null, T0, EventCode.TEST_TRANSMISSION));

            HubHealth h = hub("hub-c");
            assertThat(h.resident()).isEqualTo("res-c");
            assertThat(device(h, "pendant-9")).extracting(DeviceView::kind, DeviceView::state, DeviceView::lastSeen)
                    .containsExactly("pendant", State.NEVER_SEEN, null);
            DeviceView cuff = device(h, "cuff-1");
            assertThat(cuff.kind()).as("the directory's name for it").isEqualTo("blood-pressure");
            assertThat(cuff.state()).isEqualTo(State.OVERDUE);
            assertThat(cuff.since()).isEqualTo(T0.minus(Duration.ofHours(4)));
            assertThat(h.status()).isEqualTo(Status.OVERDUE);
            // the card's question: this resident's hubs only
            assertThat(health.overview(ACME, ResidentId.of("res-c"), 10, 0).hubs()).extracting(HubHealth::hub)
                    .containsExactly("hub-c");
            assertThat(health.overview(ACME, ResidentId.of("res-x"), 10, 0).hubs()).isEmpty();
        } finally {
            close();
        }
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void theWorstHubsComeFirstAndEachTenantSeesOnlyItsOwn(String kind) {
        open(kind);
        try {
            // Received long ago, then offline (the Last Will)
            clock.set(T0.minus(Duration.ofHours(2)));
            deliver(motion("hub-off", "pir-1", clock.instant(), "Hall"));
            deliver(msg("hub-off", clock.instant(), new HubStatus(false)));
            // Heard 10 minutes ago only: heartbeats late
            clock.set(T0.minus(Duration.ofMinutes(10)));
            deliver(motion("hub-silent", "pir-1", clock.instant(), "Hall"));
            clock.set(T0);
            deliver(motion("hub-ok", "pir-1", T0, "Hall"));
            deliver(battery("hub-flat", "pendant-1", T0.minusSeconds(5), 12));
            deliver(event("hub-missing-new", "pir-2", T0.minusSeconds(60), EventCode.SENSOR_MISSING));
            deliver(event("hub-missing-old", "pir-3", T0.minusSeconds(3_600), EventCode.SENSOR_MISSING));
            deliver(msg("hub-late", T0, new AlarmRaised(AlarmId.of("alarm-missed"), ResidentId.of("res-hub-late"),
                    EventCode.MISSED_MEASUREMENT, EventCode.MISSED_MEASUREMENT.defaultPriority(), "missed/bp-am", null,
                    "no blood pressure reading for the 08:00 due time after 2 h (bp-am)", null)));
            // The same hub name in another tenant, with a sensor missing: not ACME's business
            deliver(OTHER, List.of(event("hub-ok", "pir-1", T0, EventCode.SENSOR_MISSING)));

            DeviceHealth.Page page = health.overview(ACME, null, 100, 0);
            assertThat(page.hubs()).extracting(HubHealth::hub).containsExactly("hub-off", "hub-missing-old",
                    "hub-missing-new", "hub-flat", "hub-late", "hub-silent", "hub-ok");
            assertThat(page.hubs()).extracting(HubHealth::status).containsExactly(Status.OFFLINE, Status.MISSING,
                    Status.MISSING, Status.LOW_BATTERY, Status.OVERDUE, Status.SILENT, Status.OK);
            assertThat(page.total()).isEqualTo(7);
            HubHealth late = page.hubs().get(4);
            assertThat(late.overdue()).singleElement().extracting(DeviceHealth.OverdueReading::measure)
                    .isEqualTo("blood pressure");
            assertThat(device(page.hubs().get(6), "pir-1").state()).as("ACME's own hub-ok").isEqualTo(State.OK);

            // One page from the middle, with the count of all
            DeviceHealth.Page middle = health.overview(ACME, null, 2, 2);
            assertThat(middle.hubs()).extracting(HubHealth::hub).containsExactly("hub-missing-new", "hub-flat");
            assertThat(middle.total()).isEqualTo(7);
            assertThat(health.overview(ACME, null, 5, 100).hubs()).isEmpty();

            // The other tenant sees its own hub-ok, with its missing sensor, and nothing of ACME's
            DeviceHealth.Page other = health.overview(OTHER, null, 100, 0);
            assertThat(other.hubs()).extracting(HubHealth::hub).containsExactly("hub-ok");
            assertThat(other.hubs().get(0).status()).isEqualTo(Status.MISSING);
            assertThat(states.of(OTHER)).extracting(DeviceStates.Row::tenant).containsOnly("other");
        } finally {
            close();
        }
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void aBatchOfManyReadingsIsOneRowPerDevice(String kind) {
        open(kind);
        try {
            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String hub = "hub-" + (i % 50);
                batch.add(reading(hub, bp("cuff-1", T0.minusSeconds(500 - i))));
                batch.add(reading(hub, pulse("cuff-1", T0.minusSeconds(500 - i))));
            }
            deliver(ACME, batch);
            // a pulse on its own later does not rename the cuff
            deliver(reading("hub-0", pulse("cuff-1", T0.minusSeconds(10))));
            List<DeviceStates.Row> rows = states.of(ACME);
            assertThat(rows).hasSize(50);
            assertThat(rows).allSatisfy(r -> assertThat(r.kind()).as("a cuff, whose pulse comes with its blood "
                    + "pressure").isEqualTo("bloodPressure"));
            assertThat(rows.stream().filter(r -> r.hub().equals("hub-0")).findFirst().orElseThrow().seenAt())
                    .isEqualTo(T0.minusSeconds(10).toEpochMilli());
            assertThat(states.of(ACME, Set.of(HubId.of("hub-1")))).hasSize(1);
        } finally {
            close();
        }
    }

    private static BloodPressure bp(String device, Instant at) {
        return new BloodPressure(DeviceId.of(device), at, Quantity.of(130, Ucum.MM_HG), Quantity.of(80, Ucum.MM_HG),
                null, null, null, Set.of());
    }

    private static HeartRate pulse(String device, Instant at) {
        return new HeartRate(DeviceId.of(device), at, Quantity.of(64, Ucum.PER_MIN), null, null, null, Set.of());
    }

    private static Resident resident(String id) {
        return new Resident(ACME, ResidentId.of(id), "Cara", "Singh", null, LocalDate.of(1948, 6, 30),
                new Resident.Address(List.of("7 Park Road"), "Ashby", "LE65 2CD"), null, null, null,
                new Resident.SafetyInfo(null, null, false, null, List.of(), List.of(), List.of()), null);
    }
}
