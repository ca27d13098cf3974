package org.hearthgate.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.relay.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite files written by earlier releases, built here with their own DDL and rows, opened by the new store: the
 * data stays, the schema becomes V1, and Flyway takes over from there.
 */
class LegacySqliteUpgradeTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final HubId HUB = HubId.of("hub-1");
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @TempDir
    Path dir;

    /** The first release's schema (PRAGMA user_version 0): rows keyed by message id alone, whole dead letters. */
    private static void writeVersion0(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE messages(id TEXT PRIMARY KEY, tenant TEXT NOT NULL, hub TEXT NOT NULL, seq INTEGER "
                    + "NOT NULL, channel TEXT NOT NULL, at INTEGER NOT NULL, received_at INTEGER NOT NULL)");
            s.execute("CREATE TABLE alarms(alarm_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, hub TEXT NOT NULL, resident "
                    + "TEXT NOT NULL, code TEXT NOT NULL, priority TEXT NOT NULL, state TEXT NOT NULL, summary TEXT NOT "
                    + "NULL, dedup_key TEXT NOT NULL, raised_at INTEGER NOT NULL, received_at INTEGER NOT NULL, acked_at "
                    + "INTEGER, acked_by TEXT, closed_at INTEGER, payload TEXT NOT NULL)");
            s.execute("CREATE INDEX alarms_open ON alarms(state, raised_at)");
            s.execute("CREATE TABLE alarm_log(id INTEGER PRIMARY KEY AUTOINCREMENT, alarm_id TEXT NOT NULL, at INTEGER "
                    + "NOT NULL, state TEXT NOT NULL, by TEXT, note TEXT)");
            s.execute("CREATE TABLE readings(message_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, hub TEXT NOT NULL, "
                    + "resident TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, hub_received_at INTEGER, payload "
                    + "TEXT NOT NULL)");
            s.execute("CREATE INDEX readings_by_resident ON readings(resident, kind, at)");
            s.execute("CREATE TABLE events(message_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, hub TEXT NOT NULL, "
                    + "resident TEXT, code TEXT NOT NULL, priority TEXT NOT NULL, at INTEGER NOT NULL, payload TEXT NOT NULL)");
            s.execute("CREATE TABLE hubs(tenant TEXT NOT NULL, hub TEXT NOT NULL, last_seen INTEGER NOT NULL, heartbeat_s "
                    + "INTEGER NOT NULL, online INTEGER NOT NULL, resident TEXT, silence_alarm TEXT, PRIMARY KEY(tenant, hub))");
            s.execute("CREATE TABLE dead_letters(id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT, received_at INTEGER "
                    + "NOT NULL, reason TEXT NOT NULL, payload BLOB)");
            s.execute("INSERT INTO messages VALUES('m-1','acme','hub-1',1,'reading',1,1)");
            s.execute("INSERT INTO messages VALUES('m-2','acme','hub-1',2,'event',2,2)");
            s.execute("INSERT INTO readings VALUES('m-1','acme','hub-1','res-1','spo2',1,null,'{}')");
            s.execute("INSERT INTO events VALUES('m-2','acme','hub-1','res-1','BATTERY_LOW','LOW',2,'{}')");
            s.execute("INSERT INTO alarms VALUES('a-old','acme','hub-1','res-1','PERSONAL_TRIGGER','CRITICAL','RECEIVED',"
                    + "'pendant','k',1,1,null,null,null,'{}')");
            s.execute("INSERT INTO alarm_log(alarm_id, at, state, by, note) VALUES('a-old',1,'RECEIVED','hub hub-1',null)");
            s.execute("INSERT INTO hubs VALUES('acme','hub-1',1,60,1,'res-1',null)");
            s.execute("INSERT INTO dead_letters(topic, received_at, reason, payload) VALUES('t',1,'bad',zeroblob(100000))");
        }
    }

    /**
     * The previous release's schema (PRAGMA user_version 1): exactly V1 without Flyway's history, taken from the V1
     * script itself with {@code dropHubColumns} of the hubs table left out (development builds lacked the last ones).
     */
    private static void writeVersion1(Path file, List<String> dropHubColumns) throws Exception {
        String v1;
        try (var in = LegacySqliteUpgradeTest.class.getClassLoader()
                .getResourceAsStream("db/migration/sqlite/V1__relay_store.sql")) {
            v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String column : dropHubColumns) {
            v1 = v1.replaceAll(",\\s*" + column + " \\w+", "");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : v1.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
            s.execute("PRAGMA user_version = 1");
            s.execute("INSERT INTO messages VALUES('acme','hub-1','m-1',1,'reading',1,1)");
            s.execute("INSERT INTO messages VALUES('acme','hub-2','m-1',1,'reading',1,1)");
            s.execute("INSERT INTO readings VALUES('acme','hub-1','m-1','res-1','spo2',1,null,'{}')");
            s.execute("INSERT INTO readings VALUES('acme','hub-2','m-1','res-2','spo2',1,null,'{}')");
            s.execute("INSERT INTO alarms VALUES('a-1','acme','hub-1','res-1','PERSONAL_TRIGGER','CRITICAL','RECEIVED',"
                    + "'pendant','k',1,1,null,null,null,'{}')");
            s.execute("INSERT INTO alarm_log(alarm_id, at, state, by, note) VALUES('a-1',1,'RECEIVED','hub hub-1',null)");
            s.execute("INSERT INTO hubs(tenant, hub, last_seen, heartbeat_s, online, resident) "
                    + "VALUES('acme','hub-1',1,60,1,'res-1')");
            s.execute("INSERT INTO dead_letters(topic, received_at, reason, size, sha256, payload_head) "
                    + "VALUES('t',1,'bad',3,'abc',x'010203')");
            s.execute("INSERT INTO registrations VALUES('acme','hub-1','CONFIRMED',1)");
            s.execute("INSERT INTO registrations VALUES('acme','hub-x','PENDING',2)");
        }
    }

    private static Message heartbeat(String id) {
        return new Message(1, MessageId.of(id), HUB, 1, T0, new Heartbeat(60, 1, 0, 0, "x"));
    }

    @Test
    void aFileFromTheFirstReleaseIsReKeyedInPlaceKeepingItsData() throws Exception {
        Path file = dir.resolve("old.db");
        writeVersion0(file);
        try (JdbcRelayStore store = JdbcRelayStore.open(file.toString())) {
            assertThat(store.readingCount()).isEqualTo(1);
            assertThat(store.alarm(AlarmId.of("a-old"))).hasValueSatisfying(a -> {
                assertThat(a.hub()).isEqualTo("hub-1");
                assertThat(a.state()).isEqualTo(AlarmState.RECEIVED);
            });
            assertThat(store.deadLetters(1)).singleElement().satisfies(d -> {
                assertThat(d.size()).isEqualTo(100_000);
                assertThat(d.reason()).isEqualTo("bad");
            });
            assertThat(store.registrations()).as("a hub that spoke to the old relay stays trusted")
                    .extracting(RelayStore.Registered::hub).containsExactly("hub-1");
            assertThat(store.hubs()).singleElement().satisfies(h -> assertThat(h.heartbeatS()).isEqualTo(60));
            assertThat(store.ingest(TENANT, heartbeat("m-1"), T0)).as("the old message is still known").isFalse();
            assertThat(store.ingest(TENANT, new Message(1, MessageId.of("m-1"), HubId.of("hub-2"), 1, T0,
                    new Heartbeat(60, 1, 0, 0, "x")), T0)).as("now keyed by hub too").isTrue();
            assertThat(store.transition(AlarmId.of("a-old"), AlarmState.ACKNOWLEDGED, "ops", null, T0)).isPresent();
            assertThat(store.markMissingTestTransmissions(T0.plus(java.time.Duration.ofHours(26)),
                    java.time.Duration.ofHours(25))).as("the new hub columns work").hasSize(2);
        }
        assertThat(v1Tables(schema(file))).as("the schema V1 creates").isEqualTo(v1Schema());
        assertThat(flywayVersions(file)).as("baselined at 1, later migrations on top").first().isEqualTo("1");
        try (Database again = Database.open(file.toString()); JdbcRelayStore store = new JdbcRelayStore(again)) {
            assertThat(store.readingCount()).as("opening twice migrates once").isEqualTo(1);
        }
    }

    @Test
    void aFileFromThePreviousReleaseNeedsOnlyTheBaseline() throws Exception {
        Path file = dir.resolve("v1.db");
        writeVersion1(file, List.of());
        try (JdbcRelayStore store = JdbcRelayStore.open(file.toString())) {
            assertThat(store.readingCount()).isEqualTo(2);
            assertThat(store.alarm(AlarmId.of("a-1"))).isPresent();
            assertThat(store.deadLetters(10)).extracting(RelayStore.DeadLetter::sha256).containsExactly("abc");
            assertThat(store.registrations()).extracting(r -> r.hub() + "/" + r.state())
                    .containsExactly("hub-1/CONFIRMED", "hub-x/PENDING");
            assertThat(store.ingest(TENANT, heartbeat("m-1"), T0)).isFalse();
        }
        // Later migrations may add to these tables (V8 an index on alarms): the upgraded file ends as a new one does.
        assertThat(v1Tables(schema(file))).as("the same as a new file").isEqualTo(v1Schema());
        assertThat(flywayVersions(file)).as("baselined at 1, later migrations on top").first().isEqualTo("1");
    }

    @Test
    void aVersion1FileFromBeforeTheTestTransmissionColumnsGetsThem() throws Exception {
        Path file = dir.resolve("v1-early.db");
        writeVersion1(file, List.of("last_test_at", "test_alarm"));
        try (JdbcRelayStore store = JdbcRelayStore.open(file.toString())) {
            assertThat(store.markMissingTestTransmissions(T0, java.time.Duration.ofHours(25))).hasSize(1);
            assertThat(store.readingCount()).isEqualTo(2);
        }
        assertThat(v1Tables(schema(file))).isEqualTo(v1Schema());
    }

    @Test
    void aFileFromANewerReleaseIsNotTouched() throws Exception {
        Path file = dir.resolve("future.db");
        writeVersion1(file, List.of());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 7");
        }
        assertThatThrownBy(() -> JdbcRelayStore.open(file.toString())).hasMessageContaining("version 7");
        assertThat(flywayVersions(file)).isEmpty();
    }

    @Test
    void theStoreFileIsPrivate() throws Exception {
        Path file = dir.resolve("private/r.db");
        try (JdbcRelayStore store = JdbcRelayStore.open(file.toString())) {
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(file.getParent()))
                    .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** What a new file gets from V1, to compare an upgraded file with. */
    private List<String> v1Schema() throws Exception {
        Path fresh = dir.resolve("fresh-" + System.nanoTime() + ".db");
        Database.open(fresh.toString()).close();
        return v1Tables(schema(fresh));
    }

    /** The relay store's own tables (V1); later migrations add the directory's, the audit trail's and others. */
    private static List<String> v1Tables(List<String> schema) {
        java.util.Set<String> v1 = java.util.Set.of("messages", "alarms", "alarm_log", "readings", "events", "hubs",
                "dead_letters", "registrations");
        return schema.stream().filter(line -> v1.contains(line.substring(line.indexOf(" on ") + 4,
                line.indexOf(':')))).toList();
    }

    /** Every table's columns (name, type, not null, key) and every index's columns, Flyway's own left out. */
    private static List<String> schema(Path file) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            List<String[]> objects = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT type, name, tbl_name FROM sqlite_master WHERE type IN "
                    + "('table','index') AND name NOT LIKE 'sqlite_%' AND tbl_name <> 'flyway_schema_history' "
                    + "ORDER BY type, name")) {
                while (rs.next()) {
                    objects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] o : objects) {
                StringBuilder line = new StringBuilder(o[0] + " " + o[1] + " on " + o[2] + ":");
                try (ResultSet rs = s.executeQuery(o[0].equals("table") ? "PRAGMA table_info(" + o[1] + ")"
                        : "PRAGMA index_info(" + o[1] + ")")) {
                    while (rs.next()) {
                        line.append(' ').append(o[0].equals("table")
                                ? rs.getString("name") + "/" + rs.getString("type") + "/" + rs.getInt("notnull") + "/"
                                        + rs.getInt("pk")
                                : rs.getString("name"));
                    }
                }
                out.add(line.toString());
            }
        }
        return out;
    }

    private static List<String> flywayVersions(Path file) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            try (ResultSet t = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'flyway_schema_history'")) {
                t.next();
                if (t.getInt(1) == 0) {
                    return out;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1 "
                    + "ORDER BY installed_rank")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
