package org.hearthgate.relay.escalation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.PostgresServer;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.directory.ContactPoint;
import org.hearthgate.relay.directory.QuietHours;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.notify.Channel;
import org.hearthgate.relay.notify.Notifier;

/**
 * One database (PostgreSQL or SQLite) with a tenant's policies, a resident and her care circle, alarms inserted
 * into V1's alarms table as the relay store would, and alarm actions that change that table as the lead's wiring
 * to RelayStore.transition will.
 */
final class Fixture implements AutoCloseable {
    static final TenantId TENANT = TenantId.of("t1");
    static final ResidentId MARGARET = ResidentId.of("r-1");
    /** 03:12 in London in December (GMT). */
    static final Instant NIGHT = Instant.parse("2026-12-02T03:12:00Z");
    static final byte[] SECRET = "a relay secret of at least thirty-two bytes".getBytes();

    static final String OLU_SMS = "+447700900001";
    static final String SAM_SMS = "+447700900002";
    static final String ALEX_SMS = "+447700900003";
    static final String PAT_EMAIL = "pat@care.example";
    static final String RAO_EMAIL = "rao@care.example";

    static final String POLICIES = """
            zone: Europe/London
            policies:
              night:
                steps:
                  - notify: ON_CALL
                    via: [SMS]
                  - wait: 60
                  - notify: FAMILY
                    via: [SMS]
                  - wait: 2m
                repeat: 1
                final: { notify: SERVICE_MANAGER, via: [EMAIL] }
              advisory:
                steps:
                  - only-between: 09:00-17:00
                  - notify: CLINICIAN
                    via: [EMAIL]
                  - wait: 1h
                final: { notify: SERVICE_MANAGER, via: [EMAIL] }
            priorities: { CRITICAL: night, HIGH: night, MEDIUM: night, LOW: advisory, INFO: advisory }
            """;

    final Database db;
    final ManualClock clock = new ManualClock(NIGHT);
    final RecordDirectory directory = new RecordDirectory();
    final TestActions actions = new TestActions();
    private final Path dir;
    private final String spec;

    private Fixture(String spec, Path dir) {
        this.db = Database.open(spec);
        this.spec = spec;
        this.dir = dir;
        directory.add(new Resident(TENANT, MARGARET, "Margaret", "Smith", null, LocalDate.of(1940, 3, 1), null,
                null, null, null, null, null), List.of(
                        member("olu", "Olu Adeyemi", null, CircleRole.ON_CALL, 1, null,
                                new ContactPoint(Channel.SMS, OLU_SMS)),
                        member("sam", "Sam Patel", "Mum", CircleRole.FAMILY, 1, null,
                                new ContactPoint(Channel.SMS, SAM_SMS)),
                        member("alex", "Alex Smith", "Gran", CircleRole.FAMILY, 2,
                                new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)),
                                new ContactPoint(Channel.SMS, ALEX_SMS)),
                        member("rao", "Dr Rao", null, CircleRole.CLINICIAN, 1, null,
                                new ContactPoint(Channel.EMAIL, RAO_EMAIL)),
                        member("pat", "Pat Jones", null, CircleRole.SERVICE_MANAGER, 1, null,
                                new ContactPoint(Channel.EMAIL, PAT_EMAIL))));
        new PolicyStore(db, clock).save(TENANT, PolicyFormat.parse(POLICIES));
    }

    private static CircleMember member(String id, String name, String called, CircleRole role, int order,
            QuietHours quiet, ContactPoint... points) {
        return new CircleMember(id, name, called, role, order, List.of(points), quiet, null, null);
    }

    static Fixture on(String dialect, PostgresServer postgres) throws Exception {
        if (dialect.equals("postgresql")) {
            return new Fixture(postgres.newDatabase(), null);
        }
        Path dir = Files.createTempDirectory("hg-esc-");
        return new Fixture(dir.resolve("relay.db").toString(), dir);
    }

    /** A second relay's connection pool on the same database (the same file, for SQLite). */
    Database sameDatabaseAgain() {
        return Database.open(spec);
    }

    EscalationEngine engine(Database on, String instance, AttendLinks links, Notifier... notifiers) {
        return new EscalationEngine(on, directory, new PolicyStore(on, clock), List.of(notifiers), links, clock,
                instance, EscalationEngine.Settings.DEFAULT);
    }

    EscalationEngine engine(Notifier... notifiers) {
        return engine(db, "relay-1", null, notifiers);
    }

    AttendLinks links() {
        return new AttendLinks(db, directory, actions, SECRET, "https://care.example", Duration.ofHours(12), clock);
    }

    /** An alarm as the relay store keeps it, received now. */
    AlarmId raise(EventCode code, Priority priority) {
        return raise(code, priority, MARGARET);
    }

    AlarmId raise(EventCode code, Priority priority, ResidentId resident) {
        AlarmId id = AlarmId.of(UUID.randomUUID().toString());
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alarms(alarm_id, tenant, hub, resident, code,"
                    + " priority, state, summary, dedup_key, raised_at, received_at, payload)"
                    + " VALUES (?, ?, 'h1', ?, ?, ?, 'RECEIVED', 'test', ?, ?, ?, '{}')")) {
                ps.setString(1, id.value());
                ps.setString(2, TENANT.value());
                ps.setString(3, resident.value());
                ps.setString(4, code.name());
                ps.setString(5, priority.name());
                ps.setString(6, id.value());
                ps.setLong(7, clock.millis());
                ps.setLong(8, clock.millis());
                return ps.executeUpdate();
            }
        });
        return id;
    }

    String state(AlarmId id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, acked_by FROM alarms WHERE alarm_id = ?")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1) + (rs.getString(2) == null ? "" : " by " + rs.getString(2));
                }
            }
        });
    }

    String notificationStatus(String key) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT status, attempts, last_error FROM notifications WHERE notification_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getString(3) : null;
                }
            }
        });
    }

    /** The alarm workflow as the lead wires it: a conditional update of the alarms table, and a hub notice. */
    final class TestActions implements AlarmActions {
        final List<String> hubHeard = new CopyOnWriteArrayList<>();

        @Override
        public boolean acknowledge(AlarmId alarm, String by, String note, Instant at) {
            boolean moved = move(alarm, "ACKNOWLEDGED", by, at, "'RAISED', 'RECEIVED'");
            if (moved) {
                hubHeard.add(alarm.value() + ": help is on the way");
            }
            return moved;
        }

        @Override
        public boolean resolve(AlarmId alarm, String by, Outcome outcome, String notes, Instant at) {
            boolean moved = move(alarm, "RESOLVED", by, at, "'RAISED', 'RECEIVED', 'ACKNOWLEDGED'");
            if (moved) {
                hubHeard.add(alarm.value() + ": " + outcome);
            }
            return moved;
        }

        private boolean move(AlarmId alarm, String to, String by, Instant at, String from) {
            return db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE alarms SET state = ?, acked_by ="
                        + " COALESCE(acked_by, ?), acked_at = COALESCE(acked_at, ?) WHERE alarm_id = ? AND state IN ("
                        + from + ")")) {
                    ps.setString(1, to);
                    ps.setString(2, by);
                    ps.setLong(3, at.toEpochMilli());
                    ps.setString(4, alarm.value());
                    return ps.executeUpdate() == 1;
                }
            });
        }
    }

    @Override
    public void close() {
        db.close();
        if (dir != null) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                // a temp dir
            }
        }
    }
}
