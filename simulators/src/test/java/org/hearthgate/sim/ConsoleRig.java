package org.hearthgate.sim;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.Ack;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.access.Secrets;
import org.hearthgate.relay.access.SessionTokens;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.console.ConsoleServer;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.devices.DeviceStates;
import org.hearthgate.relay.directory.Account;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.directory.ContactPoint;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.directory.Role;
import org.hearthgate.relay.directory.Sees;
import org.hearthgate.relay.ingest.HubRegistry;
import org.hearthgate.relay.notify.Channel;
import org.hearthgate.relay.store.AlarmRecord;
import org.hearthgate.relay.store.RelayStore;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.hearthgate.sim.stack.TempDirs;

/**
 * The console on its own, for browser tests of the page: the real ConsoleServer, store, audit trail and claims on
 * SQLite in a temp dir, a small care directory of three residents in memory, and a downlink that records what would
 * go to each hub. Alarms enter the store as the ingest stores them and are announced on the live feed as it does.
 */
final class ConsoleRig implements AutoCloseable {
    static final TenantId TENANT = TenantId.of("demo");
    static final String PASSWORD = "a long demo password";
    static final ResidentId PEGGY = ResidentId.of("res-peggy");
    static final ResidentId BILL = ResidentId.of("res-bill");
    static final ResidentId CARA = ResidentId.of("res-cara");

    /** What the console sent down to a hub. */
    record Sent(HubId hub, Ack ack) {
    }

    private static final java.util.concurrent.atomic.AtomicInteger SEQ = new java.util.concurrent.atomic.AtomicInteger(1000);
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final Path dir = TempDirs.create("hearthgate-console");
    final RelayStore store;
    final Database db;
    /** Device state, fed with every batch the rig stores, as the ingest's observer feeds it. */
    final DeviceStates devices;
    final ConsoleServer console;
    final String url;
    private final Clock clock = Clock.systemUTC();

    ConsoleRig() {
        db = Database.open(dir.resolve("relay.db").toString());
        store = new JdbcRelayStore(db);
        devices = new DeviceStates(db);
        Users users = new Users(clock);
        SqlAuditTrail audit = new SqlAuditTrail(db, clock);
        Secrets secrets = new Secrets(db, clock);
        users.useTokens(new SessionTokens(secrets.secret("session-signing-key"), secrets, clock));
        users.addWithPassword("responder", TENANT, Role.RESPONDER, PASSWORD.toCharArray());
        users.addWithPassword("ben", TENANT, Role.RESPONDER, PASSWORD.toCharArray());
        users.addWithPassword("sam", TENANT, Role.FAMILY, PASSWORD.toCharArray());
        console = new ConsoleServer(store, new HubRegistry(store, clock), (tenant, hub, body) -> {
            if (body instanceof Ack a) {
                sent.add(new Sent(hub, a));
            }
            return true;
        }, users, () -> null, clock, new ConsoleServer.Access(DIRECTORY, audit));
        console.useDatabase(db);
        // The card's charts come from the relay's trends API; no escalation in this rig (resolving is plain).
        org.hearthgate.relay.readings.TrendRoutes trends = new org.hearthgate.relay.readings.TrendRoutes(
                new org.hearthgate.relay.readings.SqlReadingStore(db.dataSource()), DIRECTORY, audit,
                org.hearthgate.relay.careplans.CarePlans.defaults());
        console.people(new ConsoleServer.People(null, null, router -> {
        }, trends::mount));
        // The family summary: last activity and the week's blood pressure, judged by the sourced default plan.
        console.familySources(new org.hearthgate.relay.readings.SqlReadingStore(db.dataSource()),
                org.hearthgate.relay.careplans.CarePlans.defaults());
        console.publish("broker.state", Map.of("connected", true)); // no broker here: the page may say "live"
        url = "http://127.0.0.1:" + console.start("127.0.0.1", 0) + "/";
    }

    /** An alarm from a resident's hub, received {@code secondsAgo} ago, announced live; returns its id. */
    String raise(ResidentId resident, EventCode code, long secondsAgo) {
        return raiseAll(resident, code, secondsAgo, 1).get(0);
    }

    /** {@code count} alarms in one batch (one store transaction), the last one announced live. */
    List<String> raiseAll(ResidentId resident, EventCode code, long secondsAgo, int count) {
        Instant at = Instant.now().minusSeconds(secondsAgo);
        HubId hub = HubId.of(resident.value().replace("res-", "hub-"));
        List<RelayStore.Inbound> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AlarmId id = AlarmId.of("alarm-" + SEQ.incrementAndGet());
            ids.add(id.value());
            batch.add(new RelayStore.Inbound(TENANT, new Message(1, MessageId.random(), hub, 1, at, new AlarmRaised(id,
                    resident, code, code.defaultPriority(), code.name() + "/" + i, DeviceId.of("pendant-1"),
                    code.name().toLowerCase(), new PendantPress(DeviceId.of("pendant-1"), at))), at));
        }
        stored(batch);
        AlarmRecord last = store.alarm(AlarmId.of(ids.get(ids.size() - 1))).orElseThrow();
        console.publish("alarm.received", Map.of("alarm", last, "latencyMs", 1));
        return ids;
    }

    /** A week of a resident's blood pressure and pulse, twice a day, as the hub sends readings. */
    void vitals(ResidentId resident) {
        HubId hub = HubId.of(resident.value().replace("res-", "hub-"));
        DeviceId cuff = DeviceId.of("cuff-1");
        List<RelayStore.Inbound> batch = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 14; i >= 1; i--) {
            Instant at = now.minus(java.time.Duration.ofHours(12L * i));
            double systolic = 128 + (i % 5) * 6 + (i == 2 ? 38 : 0);
            batch.add(new RelayStore.Inbound(TENANT, new Message(1, MessageId.random(), hub, 1, at,
                    new org.hearthgate.contract.wire.Reading(resident, new org.hearthgate.contract.obs.BloodPressure(
                            cuff, at, org.hearthgate.contract.Quantity.of(systolic, org.hearthgate.contract.Ucum.MM_HG),
                            org.hearthgate.contract.Quantity.of(78 + (i % 3) * 4, org.hearthgate.contract.Ucum.MM_HG),
                            null, null, null, Set.of()), at)), at));
            batch.add(new RelayStore.Inbound(TENANT, new Message(1, MessageId.random(), hub, 1, at,
                    new org.hearthgate.contract.wire.Reading(resident, new org.hearthgate.contract.obs.HeartRate(
                            cuff, at, org.hearthgate.contract.Quantity.of(64 + (i % 4) * 5,
                                    org.hearthgate.contract.Ucum.PER_MIN), null, null, null, Set.of()), at)), at));
        }
        stored(batch);
    }

    /** Stores a batch and tells device state, as the ingest does. */
    private void stored(List<RelayStore.Inbound> batch) {
        store.ingest(batch);
        devices.record(batch);
    }

    private static HubId hubOf(ResidentId resident) {
        return HubId.of(resident.value().replace("res-", "hub-"));
    }

    /** A device's battery level, as the hub relays it (a reading). */
    void battery(ResidentId resident, String device, double percent) {
        Instant at = Instant.now();
        stored(List.of(new RelayStore.Inbound(TENANT, Message.of(hubOf(resident), 1, at, new Reading(resident,
                new BatteryLevel(DeviceId.of(device), at, Quantity.of(percent, Ucum.PERCENT)), at)), at)));
    }

    /** A motion sensor in {@code room} last heard {@code ago} ago, and then reported missing by the hub now. */
    void motionThenMissing(ResidentId resident, String device, String room, java.time.Duration ago) {
        Instant heard = Instant.now().minus(ago);
        Instant now = Instant.now();
        stored(List.of(new RelayStore.Inbound(TENANT, Message.of(hubOf(resident), 1, heard, new Reading(resident,
                new Motion(DeviceId.of(device), heard, room, true), heard)), heard),
                new RelayStore.Inbound(TENANT, Message.of(hubOf(resident), 2, now, new Event(resident,
                        EventCode.SENSOR_MISSING, EventCode.SENSOR_MISSING.defaultPriority(), DeviceId.of(device),
                        "no check-in")), now)));
    }

    /** The care plan's reading schedule missed: the hub's MISSED_MEASUREMENT alarm, as it words it. */
    String missedReading(ResidentId resident, String measure) {
        Instant at = Instant.now();
        AlarmId id = AlarmId.of("alarm-" + SEQ.incrementAndGet());
        stored(List.of(new RelayStore.Inbound(TENANT, Message.of(hubOf(resident), 1, at, new AlarmRaised(id, resident,
                EventCode.MISSED_MEASUREMENT, EventCode.MISSED_MEASUREMENT.defaultPriority(), "missed/am", null,
                "no " + measure + " reading for the 08:00 due time after 2 h (am)", null)), at)));
        console.publish("alarm.received", Map.of("alarm", store.alarm(id).orElseThrow(), "latencyMs", 1));
        return id.value();
    }

    /** Movement seen by the PIR in {@code room}, {@code minutesAgo} ago, as the hub sends it. */
    void activity(ResidentId resident, String room, long minutesAgo) {
        HubId hub = HubId.of(resident.value().replace("res-", "hub-"));
        Instant at = Instant.now().minus(java.time.Duration.ofMinutes(minutesAgo));
        store.ingest(List.of(new RelayStore.Inbound(TENANT, new Message(1, MessageId.random(), hub, 1, at,
                new org.hearthgate.contract.wire.Reading(resident, new org.hearthgate.contract.obs.Motion(
                        DeviceId.of("pir-" + room), at, room, true), at)), at)));
    }

    @Override
    public void close() {
        console.close();
        store.close();
        db.close();
        TempDirs.delete(dir);
    }

    private static Resident resident(ResidentId id, String given, String family, String preferred, LocalDate born,
            String street, String town, String postcode, String phone, Resident.SafetyInfo safety) {
        return new Resident(TENANT, id, given, family, preferred, born, new Resident.Address(List.of(street), town,
                postcode), phone, "9434765919", "01", safety, "Ashby Health Centre");
    }

    static final Map<ResidentId, Resident> RESIDENTS = Map.of(
            PEGGY, resident(PEGGY, "Margaret", "Jones", "Peggy", LocalDate.of(1941, 3, 14), "12 Mill Lane", "Ashby",
                    "LE65 1AB", "01530 412345", new Resident.SafetyInfo("Key safe left of the back door; dog is "
                            + "friendly", "4321", true, "Wishes to stay at home", List.of("Penicillin"),
                            List.of("Atrial fibrillation", "Type 2 diabetes"), List.of("English"))),
            BILL, resident(BILL, "William", "Hart", null, LocalDate.of(1936, 11, 2), "3 Church Street", "Bolton",
                    "BL1 2XY", "01204 998877", new Resident.SafetyInfo("Neighbour at no. 5 has a key", "8765",
                            false, null, List.of(), List.of("COPD"), List.of("English"))),
            CARA, resident(CARA, "Cara", "Singh", null, LocalDate.of(1948, 6, 30), "7 Park Road", "Ashby",
                    "LE65 2CD", "01530 555111", new Resident.SafetyInfo(null, "1357", false, null, List.of(),
                            List.of(), List.of("English", "Punjabi"))));

    static final CareDirectory DIRECTORY = new CareDirectory() {
        @Override
        public Optional<Resident> resident(TenantId tenant, ResidentId id) {
            return tenant.equals(TENANT) ? Optional.ofNullable(RESIDENTS.get(id)) : Optional.empty();
        }

        @Override
        public List<CircleMember> circle(TenantId tenant, ResidentId resident) {
            if (!resident.equals(PEGGY)) {
                return List.of();
            }
            return List.of(
                    new CircleMember("c-sam", "Sam Jones", "Mum", CircleRole.FAMILY, 1,
                            List.of(new ContactPoint(Channel.SMS, "+447700900123")), null, Sees.TRENDS, "sam"),
                    new CircleMember("c-nina", "Nina Patel", null, CircleRole.NEIGHBOUR, 1,
                            List.of(new ContactPoint(Channel.SMS, "+447700900456")), null, Sees.ALERTS, null));
        }

        @Override
        public Set<ResidentId> residentsNaming(TenantId tenant, String login) {
            return tenant.equals(TENANT) && login.equals("sam") ? Set.of(PEGGY) : Set.of();
        }

        @Override
        public Optional<Account> account(String login) {
            return Optional.empty();
        }

        @Override
        public Optional<ResidentId> residentOfHub(TenantId tenant, HubId hub) {
            ResidentId r = ResidentId.of(hub.value().replace("hub-", "res-"));
            return RESIDENTS.containsKey(r) ? Optional.of(r) : Optional.empty();
        }
    };
}
