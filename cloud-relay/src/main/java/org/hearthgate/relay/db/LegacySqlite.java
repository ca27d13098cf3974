package org.hearthgate.relay.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relay store files written before Flyway managed the schema (PRAGMA user_version 0 or 1, no
 * {@code flyway_schema_history}). {@link #upgradeToVersion1} brings such a file to exactly what
 * {@code db/migration/sqlite/V1__relay_store.sql} creates, keeping its data, in one transaction.
 *
 * <ul>
 * <li>Version 1 (the previous release) is V1 already. Files from the development builds before it may lack the
 * hubs columns added later or carry an index on other columns: those are added or rebuilt.
 * <li>Version 0 (the first release) keyed messages, readings and events by message id alone (one hub could shadow
 * another's) and kept whole dead-letter payloads: its rows are re-keyed by (tenant, hub, id), dead letters cut to
 * their head, and the hubs that already spoke to it stay registered.
 * </ul>
 */
final class LegacySqlite {
    private static final Logger LOG = LoggerFactory.getLogger(LegacySqlite.class);
    private static final String V1 = "db/migration/sqlite/V1__relay_store.sql";
    /** What a dead letter keeps of its payload (as JdbcRelayStore.DEAD_LETTER_HEAD_BYTES). */
    private static final int DEAD_LETTER_HEAD_BYTES = 4 * 1024;
    private static final List<String> REKEYED = List.of("messages", "readings", "events", "dead_letters");
    private static final Pattern ADD_HUB_COLUMNS = Pattern.compile("(last_direct_seq|last_test_at|test_alarm) (\\w+)");

    private LegacySqlite() {
    }

    static boolean isPreFlyway(Database db) {
        return !db.hasTable("flyway_schema_history") && db.hasTable("messages");
    }

    static void upgradeToVersion1(Database db) {
        int version = db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
        if (version > 1) {
            throw new Database.DataAccessException("the relay store file has schema version " + version
                    + ", newer than this release knows; use the release that wrote it", null);
        }
        List<String> v1 = statements(readV1());
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                if (version == 0) {
                    for (String t : REKEYED) {
                        s.execute("ALTER TABLE " + t + " RENAME TO legacy_" + t);
                    }
                }
                dropIndexesUnlikeV1(s, v1);
                for (String sql : v1) {
                    s.execute(sql); // IF NOT EXISTS: only what is missing
                }
                addMissingHubColumns(s, v1);
                if (version == 0) {
                    copyLegacyRows(s);
                    for (String t : REKEYED) {
                        s.execute("DROP TABLE legacy_" + t);
                    }
                    for (String sql : v1) {
                        s.execute(sql); // the indexes that went with the legacy tables
                    }
                }
                s.execute("PRAGMA user_version = 1");
            }
            return null;
        });
        if (version == 0) {
            db.read(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("VACUUM"); // give back the space the whole dead-letter payloads took
                }
                return null;
            });
            LOG.info("relay store migrated from schema 0 to 1");
        }
    }

    private static void copyLegacyRows(Statement s) throws SQLException {
        s.execute("INSERT INTO messages(tenant, hub, id, seq, channel, at, received_at) "
                + "SELECT tenant, hub, id, seq, channel, at, received_at FROM legacy_messages "
                + "WHERE true ON CONFLICT DO NOTHING");
        s.execute("INSERT INTO readings(tenant, hub, message_id, resident, kind, at, hub_received_at, payload) "
                + "SELECT tenant, hub, message_id, resident, kind, at, hub_received_at, payload FROM legacy_readings "
                + "WHERE true ON CONFLICT DO NOTHING");
        s.execute("INSERT INTO events(tenant, hub, message_id, resident, code, priority, at, payload) "
                + "SELECT tenant, hub, message_id, resident, code, priority, at, payload FROM legacy_events "
                + "WHERE true ON CONFLICT DO NOTHING");
        s.execute("INSERT INTO dead_letters(topic, received_at, reason, size, sha256, payload_head) "
                + "SELECT topic, received_at, reason, coalesce(length(payload), 0), 'legacy-' || id, "
                + "substr(payload, 1, " + DEAD_LETTER_HEAD_BYTES + ") FROM legacy_dead_letters ORDER BY id");
        // Hubs that already spoke to the old relay were trusted then: keep them registered.
        s.execute("INSERT INTO registrations(tenant, hub, state, since) SELECT tenant, hub, 'CONFIRMED', last_seen "
                + "FROM hubs WHERE true ON CONFLICT DO NOTHING");
    }

    /** The hubs table grew three columns while the file format stayed at version 1 (and from version 0). */
    private static void addMissingHubColumns(Statement s, List<String> v1) throws SQLException {
        Set<String> have = new HashSet<>();
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(hubs)")) {
            while (rs.next()) {
                have.add(rs.getString("name"));
            }
        }
        String hubs = v1.stream().filter(sql -> sql.contains(" hubs(")).findFirst().orElseThrow();
        Matcher m = ADD_HUB_COLUMNS.matcher(hubs);
        while (m.find()) {
            if (!have.contains(m.group(1))) {
                s.execute("ALTER TABLE hubs ADD COLUMN " + m.group(1) + " " + m.group(2));
            }
        }
    }

    /** An index of V1's name on other columns (version 0 had alarms_open on raised_at) is dropped to be rebuilt. */
    private static void dropIndexesUnlikeV1(Statement s, List<String> v1) throws SQLException {
        for (String sql : v1) {
            Matcher m = Pattern.compile("CREATE INDEX IF NOT EXISTS (\\w+)").matcher(sql);
            if (!m.lookingAt()) {
                continue;
            }
            String existing = null;
            try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '"
                    + m.group(1) + "'")) {
                if (rs.next()) {
                    existing = rs.getString(1);
                }
            }
            if (existing != null && !normalise(existing).equals(normalise(sql))) {
                s.execute("DROP INDEX " + m.group(1));
            }
        }
    }

    private static String normalise(String sql) {
        return sql.replace("IF NOT EXISTS ", "").replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    private static String readV1() {
        try (InputStream in = LegacySqlite.class.getClassLoader().getResourceAsStream(V1)) {
            if (in == null) {
                throw new IllegalStateException(V1 + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + V1, e);
        }
    }

    /** The script's statements (it has no semicolons inside statements), comments dropped. */
    private static List<String> statements(String script) {
        StringBuilder code = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String sql : code.toString().split(";")) {
            if (!sql.isBlank()) {
                out.add(sql.strip());
            }
        }
        return out;
    }
}
