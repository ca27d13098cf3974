package org.hearthgate.relay.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.AlarmUpdate;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.HubStatus;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.contract.wire.WireTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RelayStore} on one SQLite file (WAL, synchronous=FULL): the embedded default for the demo and small
 * deployments. All methods are synchronized on this object; SQLite allows one writer anyway. A batch of messages is
 * one transaction, so one fsync stores hundreds of readings. The file is created 0600 in a 0700 folder: it holds
 * health data.
 */
public final class SqliteRelayStore implements RelayStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteRelayStore.class);
    /** Schema versions (PRAGMA user_version): 0 was the first release, migrated in place to 1. */
    private static final int SCHEMA = 1;
    /** A dead letter keeps this much of its payload; the rest is known by its size and SHA-256. */
    public static final int DEAD_LETTER_HEAD_BYTES = 4 * 1024;
    /** Hubs waiting for an admin's confirmation; more than this and the oldest are forgotten. */
    private static final int MAX_PENDING = 10_000;

    private final Connection db;
    private final WireCodec codec = new WireCodec();
    /** Statements of the ingest path, prepared once: preparing them per message was a third of the writer's time. */
    private final Map<String, PreparedStatement> prepared = new java.util.HashMap<>();
    /**
     * What each hub's row last said (last seen, resident), so a stream of readings refreshes the row every few seconds
     * instead of once per batch. Cleared whenever something else changes hub rows.
     */
    private final Map<String, long[]> touchedAt = new java.util.HashMap<>();
    private final Map<String, String> touchedResident = new java.util.HashMap<>();
    private static final long TOUCH_EVERY_MS = 5_000;

    public SqliteRelayStore(Path file) {
        try {
            createPrivately(file);
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
            }
            migrate();
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the relay store at " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivately(Path file) throws java.io.IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            if (posix) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
        if (!Files.exists(file)) {
            Files.createFile(file);
            if (posix) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    private void forgetTouches() {
        touchedAt.clear();
        touchedResident.clear();
    }

    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = db.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    private void migrate() throws SQLException {
        int version;
        boolean legacy;
        try (Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'messages'")) {
                legacy = version == 0 && rs.next() && rs.getInt(1) == 1;
            }
        }
        if (version >= SCHEMA) {
            return;
        }
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            if (legacy) {
                // Version 0 keyed messages, readings and events by message id alone (one hub could shadow another's)
                // and kept whole dead-letter payloads: keep the data, re-key it, trim the dead letters.
                for (String t : List.of("messages", "readings", "events", "dead_letters")) {
                    s.execute("ALTER TABLE " + t + " RENAME TO legacy_" + t);
                }
            }
            createSchema(s);
            if (legacy) {
                s.execute("INSERT OR IGNORE INTO messages(tenant, hub, id, seq, channel, at, received_at) "
                        + "SELECT tenant, hub, id, seq, channel, at, received_at FROM legacy_messages");
                s.execute("INSERT OR IGNORE INTO readings(tenant, hub, message_id, resident, kind, at, hub_received_at,"
                        + " payload) SELECT tenant, hub, message_id, resident, kind, at, hub_received_at, payload "
                        + "FROM legacy_readings");
                s.execute("INSERT OR IGNORE INTO events(tenant, hub, message_id, resident, code, priority, at, payload) "
                        + "SELECT tenant, hub, message_id, resident, code, priority, at, payload FROM legacy_events");
                s.execute("INSERT INTO dead_letters(topic, received_at, reason, size, sha256, payload_head) "
                        + "SELECT topic, received_at, reason, coalesce(length(payload), 0), 'legacy-' || id, "
                        + "substr(payload, 1, " + DEAD_LETTER_HEAD_BYTES + ") FROM legacy_dead_letters");
                for (String t : List.of("messages", "readings", "events", "dead_letters")) {
                    s.execute("DROP TABLE legacy_" + t);
                }
                s.execute("ALTER TABLE hubs ADD COLUMN last_direct_seq INTEGER");
                s.execute("ALTER TABLE hubs ADD COLUMN last_test_at INTEGER");
                s.execute("ALTER TABLE hubs ADD COLUMN test_alarm TEXT");
                // Hubs that already spoke to the old relay were trusted then: keep them registered.
                s.execute("INSERT OR IGNORE INTO registrations(tenant, hub, state, since) "
                        + "SELECT tenant, hub, 'CONFIRMED', last_seen FROM hubs");
            }
            s.execute("PRAGMA user_version = " + SCHEMA);
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
        if (legacy) {
            try (Statement s = db.createStatement()) {
                s.execute("VACUUM"); // give back the space the whole dead-letter payloads took
            }
            LOG.info("relay store migrated from schema 0 to {}", SCHEMA);
        }
    }

    private static void createSchema(Statement s) throws SQLException {
        s.execute("""
                CREATE TABLE IF NOT EXISTS messages(tenant TEXT NOT NULL, hub TEXT NOT NULL, id TEXT NOT NULL,
                  seq INTEGER NOT NULL, channel TEXT NOT NULL, at INTEGER NOT NULL, received_at INTEGER NOT NULL,
                  PRIMARY KEY(tenant, hub, id)) WITHOUT ROWID""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS alarms(alarm_id TEXT PRIMARY KEY, tenant TEXT NOT NULL,
                  hub TEXT NOT NULL, resident TEXT NOT NULL, code TEXT NOT NULL, priority TEXT NOT NULL,
                  state TEXT NOT NULL, summary TEXT NOT NULL, dedup_key TEXT NOT NULL, raised_at INTEGER NOT NULL,
                  received_at INTEGER NOT NULL, acked_at INTEGER, acked_by TEXT, closed_at INTEGER,
                  payload TEXT NOT NULL)""");
        s.execute("CREATE INDEX IF NOT EXISTS alarms_open ON alarms(state, received_at)");
        s.execute("""
                CREATE TABLE IF NOT EXISTS alarm_log(id INTEGER PRIMARY KEY AUTOINCREMENT, alarm_id TEXT NOT NULL,
                  at INTEGER NOT NULL, state TEXT NOT NULL, by TEXT, note TEXT)""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS readings(tenant TEXT NOT NULL, hub TEXT NOT NULL, message_id TEXT NOT NULL,
                  resident TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, hub_received_at INTEGER,
                  payload TEXT NOT NULL, PRIMARY KEY(tenant, hub, message_id))""");
        s.execute("CREATE INDEX IF NOT EXISTS readings_by_resident ON readings(resident, kind, at)");
        s.execute("""
                CREATE TABLE IF NOT EXISTS events(tenant TEXT NOT NULL, hub TEXT NOT NULL, message_id TEXT NOT NULL,
                  resident TEXT, code TEXT NOT NULL, priority TEXT NOT NULL, at INTEGER NOT NULL,
                  payload TEXT NOT NULL, PRIMARY KEY(tenant, hub, message_id))""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS hubs(tenant TEXT NOT NULL, hub TEXT NOT NULL, last_seen INTEGER NOT NULL,
                  heartbeat_s INTEGER NOT NULL, online INTEGER NOT NULL, resident TEXT,
                  silence_alarm TEXT, last_direct_seq INTEGER, last_test_at INTEGER, test_alarm TEXT,
                  PRIMARY KEY(tenant, hub))""");
        s.execute("""
                CREATE TABLE IF NOT EXISTS dead_letters(id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT,
                  received_at INTEGER NOT NULL, reason TEXT NOT NULL, size INTEGER NOT NULL,
                  sha256 TEXT NOT NULL UNIQUE, payload_head BLOB)""");
        s.execute("CREATE INDEX IF NOT EXISTS dead_letters_by_time ON dead_letters(received_at)");
        s.execute("""
                CREATE TABLE IF NOT EXISTS registrations(tenant TEXT NOT NULL, hub TEXT NOT NULL, state TEXT NOT NULL,
                  since INTEGER NOT NULL, PRIMARY KEY(tenant, hub))""");
    }

    @Override
    public synchronized List<Result> ingest(List<Inbound> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        return inTransaction("cannot ingest a batch of " + batch.size(), () -> {
            Writes w = new Writes(this);
            List<Result> results = new ArrayList<>(batch.size());
            Map<String, HubTouch> touched = new LinkedHashMap<>();
            for (Inbound in : batch) {
                Message m = in.message();
                w.message.setString(1, in.tenant().value());
                w.message.setString(2, m.hub().value());
                w.message.setString(3, m.id().value());
                w.message.setLong(4, m.seq());
                w.message.setString(5, m.channel().level());
                w.message.setLong(6, m.at().toEpochMilli());
                w.message.setLong(7, in.receivedAt().toEpochMilli());
                boolean fresh = w.message.executeUpdate() == 1;
                Result r = fresh ? store(w, in) : new Result.Stored(false);
                results.add(r);
                if (r instanceof Result.Stored) {
                    touched.computeIfAbsent(in.tenant().value() + "/" + m.hub().value(),
                            k -> new HubTouch(in.tenant().value(), m.hub().value())).add(in, results.size() - 1);
                }
            }
            for (HubTouch t : touched.values()) {
                for (int i : t.write(this)) {
                    results.set(i, new Result.Stored(((Result.Stored) results.get(i)).fresh(), true));
                }
            }
            return results;
        });
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed whole, or rolled back whole (and the in-memory view of hub rows
     * forgotten, since it may describe rows that were never written).
     */
    private <T> T inTransaction(String what, SqlWork<T> work) {
        try {
            db.setAutoCommit(false);
            try {
                T result = work.run();
                db.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                forgetTouches();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: " + what, e);
        }
    }

    /** The batch's statements (prepared once for the store's life). */
    private static final class Writes {
        final PreparedStatement message;
        final PreparedStatement reading;
        final PreparedStatement event;

        Writes(SqliteRelayStore store) throws SQLException {
            message = store.prepared("INSERT OR IGNORE INTO messages(tenant, hub, id, seq, channel, at, "
                    + "received_at) VALUES(?,?,?,?,?,?,?)");
            reading = store.prepared("INSERT OR IGNORE INTO readings(tenant, hub, message_id, resident, kind, "
                    + "at, hub_received_at, payload) VALUES(?,?,?,?,?,?,?,?)");
            event = store.prepared("INSERT OR IGNORE INTO events(tenant, hub, message_id, resident, code, "
                    + "priority, at, payload) VALUES(?,?,?,?,?,?,?,?)");
        }

    }

    private Result store(Writes w, Inbound in) throws SQLException {
        Message m = in.message();
        String tenant = in.tenant().value();
        switch (m.body()) {
            case AlarmRaised a -> {
                return raise(tenant, m, a, in.receivedAt());
            }
            case AlarmUpdate u -> {
                return applyUpdate(tenant, m, u, in.receivedAt());
            }
            case Event e -> {
                w.event.setString(1, tenant);
                w.event.setString(2, m.hub().value());
                w.event.setString(3, m.id().value());
                w.event.setString(4, e.resident() == null ? null : e.resident().value());
                w.event.setString(5, e.code().name());
                w.event.setString(6, e.priority().name());
                w.event.setLong(7, m.at().toEpochMilli());
                w.event.setString(8, codec.encodeToString(m));
                w.event.executeUpdate();
            }
            case Reading r -> {
                w.reading.setString(1, tenant);
                w.reading.setString(2, m.hub().value());
                w.reading.setString(3, m.id().value());
                w.reading.setString(4, r.resident().value());
                w.reading.setString(5, WireTypes.OBSERVATIONS.get(r.observation().getClass()));
                w.reading.setLong(6, r.observation().at().toEpochMilli());
                w.reading.setObject(7, r.receivedAt() == null ? null : r.receivedAt().toEpochMilli());
                w.reading.setString(8, codec.encodeObservation(r.observation()));
                w.reading.executeUpdate();
            }
            default -> {
                // heartbeats and status only refresh the hub row (HubTouch)
            }
        }
        return new Result.Stored(true);
    }

    /**
     * A new alarm. Its id is the hub's (a random UUID the hub made); if another hub already used that id, this one is
     * refused rather than merged: a hub speaks for itself only.
     */
    private Result raise(String tenant, Message m, AlarmRaised a, Instant receivedAt) throws SQLException {
        Optional<AlarmRecord> existing = alarm(a.alarm());
        if (existing.isPresent()) {
            return existing.get().tenant().equals(tenant) && existing.get().hub().equals(m.hub().value())
                    ? new Result.Stored(false)
                    : new Result.Refused("alarm id already used by another hub");
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO alarms(alarm_id, tenant, hub, resident, code, "
                + "priority, state, summary, dedup_key, raised_at, received_at, payload) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, a.alarm().value());
            ps.setString(2, tenant);
            ps.setString(3, m.hub().value());
            ps.setString(4, a.resident().value());
            ps.setString(5, a.code().name());
            ps.setString(6, a.priority().name());
            ps.setString(7, AlarmState.RECEIVED.name());
            ps.setString(8, a.summary());
            ps.setString(9, a.dedupKey());
            ps.setLong(10, m.at().toEpochMilli());
            ps.setLong(11, receivedAt.toEpochMilli());
            ps.setString(12, codec.encodeToString(m));
            ps.executeUpdate();
        }
        log(a.alarm(), receivedAt, AlarmState.RECEIVED, "hub " + m.hub(), null);
        return new Result.Stored(true);
    }

    /** A hub's change to an alarm: only to an alarm that same hub of that same tenant raised. */
    private Result applyUpdate(String tenant, Message m, AlarmUpdate u, Instant at) throws SQLException {
        Optional<AlarmRecord> current = alarm(u.alarm());
        if (current.isEmpty()) {
            // An update that overtook its alarm (a worsening outranks the alarm in the hub's outbox): not final, the
            // hub resends it until the alarm is here and the update applies.
            return new Result.Failed("no such alarm yet");
        }
        AlarmRecord r = current.get();
        if (!r.tenant().equals(tenant) || !r.hub().equals(m.hub().value())) {
            return new Result.Refused("no such alarm from this hub");
        }
        if (u.state() == AlarmState.CANCELLED || u.state() == AlarmState.RESOLVED) {
            transitionInTx(r, u.state(), "hub " + m.hub(), u.reason(), at);
        }
        if (u.priority().moreUrgentThan(r.priority())) {
            try (PreparedStatement ps = db.prepareStatement("UPDATE alarms SET priority = ? WHERE alarm_id = ?")) {
                ps.setString(1, u.priority().name());
                ps.setString(2, u.alarm().value());
                ps.executeUpdate();
            }
            log(u.alarm(), at, r.state(), "hub " + m.hub(), "priority " + u.priority() + ": " + u.reason());
        }
        return new Result.Stored(true);
    }

    /**
     * What a batch says about one hub, written once per batch. Every message proves the hub alive, except its Last
     * Will ("offline"), which the broker sends for a hub that vanished: that only marks it offline for the console.
     * The "hub offline" alarm comes from missed heartbeats ({@link #markOverdueHubsOffline}), so a short network blip
     * pages nobody.
     */
    private static final class HubTouch {
        final String tenant;
        final String hub;
        long lastSeen = Long.MIN_VALUE;
        int heartbeatS = -1;
        String resident;
        Boolean online;
        Long directSeq;
        /** When a periodic test transmission arrived in this batch (receive time), or null. */
        Long testAt;
        /** (index in the batch, seq) of the in-order messages, to find a sequence that went backwards. */
        final List<long[]> direct = new ArrayList<>();

        HubTouch(String tenant, String hub) {
            this.tenant = tenant;
            this.hub = hub;
        }

        void add(Inbound in, int index) {
            Message m = in.message();
            switch (m.body()) {
                case Heartbeat h -> {
                    heartbeatS = h.intervalS();
                    directSeq = m.seq();
                    direct.add(new long[] {index, m.seq()});
                }
                case HubStatus st -> {
                    if (!st.online()) {
                        // the Last Will: made when the hub connected, so its seq is old by design
                        online = false;
                        return;
                    }
                    directSeq = m.seq();
                    direct.add(new long[] {index, m.seq()});
                }
                case Reading r -> resident = r.resident().value();
                case AlarmRaised a -> resident = a.resident().value();
                case Event e -> {
                    resident = e.resident() == null ? resident : e.resident().value();
                    if (e.code() == EventCode.TEST_TRANSMISSION) {
                        testAt = in.receivedAt().toEpochMilli();
                    }
                }
                default -> {
                }
            }
            online = true;
            lastSeen = Math.max(lastSeen, in.receivedAt().toEpochMilli());
        }

        /** Writes the hub's row; returns the batch indices whose sequence went backwards. */
        List<Integer> write(SqliteRelayStore store) throws SQLException {
            List<Integer> regressed = new ArrayList<>();
            String key = tenant + "/" + hub;
            if (direct.isEmpty() && heartbeatS < 0 && testAt == null && Boolean.TRUE.equals(online)) {
                long[] at = store.touchedAt.get(key);
                String knownResident = store.touchedResident.get(key);
                if (at != null && lastSeen - at[0] < TOUCH_EVERY_MS
                        && (resident == null || resident.equals(knownResident))) {
                    return regressed; // the row already says all this, to within a few seconds
                }
            }
            if (!direct.isEmpty()) {
                Long last = null;
                PreparedStatement ps = store.prepared("SELECT last_direct_seq FROM hubs WHERE tenant = ? AND hub = ?");
                ps.setString(1, tenant);
                ps.setString(2, hub);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long v = rs.getLong(1);
                        last = rs.wasNull() ? null : v;
                    }
                }
                for (long[] d : direct) {
                    if (last != null && d[1] < last) {
                        regressed.add((int) d[0]);
                    }
                    last = d[1];
                }
            }
            if (Boolean.FALSE.equals(online) && lastSeen == Long.MIN_VALUE) {
                store.touchedAt.remove(key);
                PreparedStatement ps = store.prepared("UPDATE hubs SET online = 0, last_direct_seq = "
                        + "coalesce(?, last_direct_seq) WHERE tenant = ? AND hub = ?");
                ps.setObject(1, directSeq);
                ps.setString(2, tenant);
                ps.setString(3, hub);
                ps.executeUpdate();
                return regressed;
            }
            store.touchedAt.put(key, new long[] {lastSeen});
            if (resident != null) {
                store.touchedResident.put(key, resident);
            }
            PreparedStatement ps = store.prepared("INSERT INTO hubs(tenant, hub, last_seen, heartbeat_s, "
                    + "online, resident, last_direct_seq, last_test_at) VALUES(?,?,?,?,1,?,?,coalesce(?, ?)) "
                    + "ON CONFLICT(tenant, hub) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen), "
                    + "heartbeat_s = CASE WHEN ? > 0 THEN ? ELSE heartbeat_s END, online = 1, "
                    + "resident = coalesce(excluded.resident, resident), silence_alarm = NULL, "
                    + "last_direct_seq = coalesce(excluded.last_direct_seq, last_direct_seq), "
                    + "last_test_at = CASE WHEN ? IS NULL THEN last_test_at ELSE excluded.last_test_at END, "
                    + "test_alarm = CASE WHEN ? IS NULL THEN test_alarm ELSE NULL END");
            ps.setString(1, tenant);
            ps.setString(2, hub);
            ps.setLong(3, lastSeen);
            ps.setInt(4, heartbeatS > 0 ? heartbeatS : 60);
            ps.setString(5, resident);
            ps.setObject(6, directSeq);
            ps.setObject(7, testAt);
            ps.setLong(8, lastSeen);
            ps.setInt(9, heartbeatS);
            ps.setInt(10, heartbeatS);
            ps.setObject(11, testAt);
            ps.setObject(12, testAt);
            ps.executeUpdate();
            return regressed;
        }
    }

    private void log(AlarmId id, Instant at, AlarmState state, String by, String note) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO alarm_log(alarm_id, at, state, by, note) "
                + "VALUES(?,?,?,?,?)")) {
            ps.setString(1, id.value());
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, state.name());
            ps.setString(4, by);
            ps.setString(5, note);
            ps.executeUpdate();
        }
    }

    @Override
    public synchronized int deadLetter(List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return 0;
        }
        return inTransaction("cannot keep dead letters", () -> {
            int fresh = 0;
            try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO dead_letters(topic, received_at, "
                    + "reason, size, sha256, payload_head) VALUES(?,?,?,?,?,?)")) {
                for (Rejected r : rejected) {
                    byte[] payload = r.payload() == null ? new byte[0] : r.payload();
                    ps.setString(1, r.topic() == null ? null : abbreviate(r.topic(), 256));
                    ps.setLong(2, r.receivedAt().toEpochMilli());
                    ps.setString(3, abbreviate(r.reason(), 500));
                    ps.setInt(4, payload.length);
                    ps.setString(5, sha256(r.topic(), payload));
                    ps.setBytes(6, Arrays.copyOf(payload, Math.min(payload.length, DEAD_LETTER_HEAD_BYTES)));
                    fresh += ps.executeUpdate();
                }
            }
            return fresh;
        });
    }

    private static String sha256(String topic, byte[] payload) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(String.valueOf(topic).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            d.update((byte) 0);
            return HexFormat.of().formatHex(d.digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    @Override
    public synchronized int purgeDeadLetters(Instant cutoff, int max) {
        try (PreparedStatement old = db.prepareStatement("DELETE FROM dead_letters WHERE received_at < ?");
                PreparedStatement over = db.prepareStatement("DELETE FROM dead_letters WHERE id <= "
                        + "(SELECT id FROM dead_letters ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            old.setLong(1, cutoff.toEpochMilli());
            int gone = old.executeUpdate();
            over.setInt(1, max);
            return gone + over.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot purge dead letters", e);
        }
    }

    @Override
    public synchronized long deadLetterCount() {
        return count("SELECT count(*) FROM dead_letters");
    }

    @Override
    public synchronized List<DeadLetter> deadLetters(int max) {
        List<DeadLetter> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT id, topic, received_at, reason, size, sha256 "
                + "FROM dead_letters ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeadLetter(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getString(4), rs.getInt(5), rs.getString(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot list dead letters", e);
        }
    }

    @Override
    public synchronized void registerAll(Map<TenantId, List<org.hearthgate.contract.HubId>> hubs, Instant at) {
        inTransaction("cannot register hubs", () -> {
            PreparedStatement ps = prepared("INSERT INTO registrations(tenant, hub, state, since) "
                    + "VALUES(?,?,'CONFIRMED',?) ON CONFLICT(tenant, hub) DO UPDATE SET state = 'CONFIRMED', "
                    + "since = CASE WHEN state = 'CONFIRMED' THEN since ELSE excluded.since END");
            for (var e : hubs.entrySet()) {
                for (org.hearthgate.contract.HubId hub : e.getValue()) {
                    ps.setString(1, e.getKey().value());
                    ps.setString(2, hub.value());
                    ps.setLong(3, at.toEpochMilli());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public synchronized void notePending(TenantId tenant, String hub, Instant at) {
        try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO registrations(tenant, hub, state, since) "
                + "VALUES(?,?,'PENDING',?)");
                PreparedStatement trim = db.prepareStatement("DELETE FROM registrations WHERE state = 'PENDING' AND "
                        + "rowid NOT IN (SELECT rowid FROM registrations WHERE state = 'PENDING' ORDER BY since DESC "
                        + "LIMIT ?)")) {
            ps.setString(1, tenant.value());
            ps.setString(2, hub);
            ps.setLong(3, at.toEpochMilli());
            if (ps.executeUpdate() == 1) {
                trim.setInt(1, MAX_PENDING);
                trim.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot note a pending hub", e);
        }
    }

    @Override
    public synchronized List<Registered> registrations() {
        List<Registered> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT tenant, hub, state, since FROM registrations ORDER BY tenant, hub")) {
            while (rs.next()) {
                out.add(new Registered(rs.getString(1), rs.getString(2), Registration.valueOf(rs.getString(3)),
                        Instant.ofEpochMilli(rs.getLong(4))));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot list registrations", e);
        }
    }

    private static final String ALARM_COLUMNS = "alarm_id, tenant, hub, resident, code, priority, state, summary, "
            + "raised_at, received_at, acked_at, acked_by, closed_at";

    /**
     * Open alarms most urgent first, then each home's oldest open alarm before anyone's second, then oldest first (the
     * order to take them); history newest first. Always by the cloud's own receive time, so a hub's clock cannot
     * reorder the queue, and by home before age, so one hub raising hundreds of alarms cannot push another home's
     * alarm off the page.
     */
    @Override
    public synchronized List<AlarmRecord> alarms(boolean openOnly, int max) {
        String sql = openOnly
                ? "SELECT " + ALARM_COLUMNS + " FROM (SELECT *, CASE priority WHEN 'CRITICAL' THEN 1 WHEN 'HIGH' THEN 2 "
                        + "WHEN 'MEDIUM' THEN 3 WHEN 'LOW' THEN 4 ELSE 5 END AS urgency FROM alarms "
                        + "WHERE state NOT IN ('RESOLVED','CANCELLED')) "
                        + "ORDER BY urgency, row_number() OVER (PARTITION BY tenant, hub, urgency ORDER BY received_at), "
                        + "received_at LIMIT ?"
                : "SELECT " + ALARM_COLUMNS + " FROM alarms ORDER BY received_at DESC LIMIT ?";
        List<AlarmRecord> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setInt(1, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(alarmRecord(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot list alarms", e);
        }
    }

    @Override
    public synchronized Optional<AlarmRecord> alarm(AlarmId id) {
        try (PreparedStatement ps = db.prepareStatement("SELECT " + ALARM_COLUMNS + " FROM alarms WHERE alarm_id = ?")) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(alarmRecord(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot read alarm " + id, e);
        }
    }

    @Override
    public synchronized Optional<AlarmRecord> transition(AlarmId id, AlarmState to, String by, String note,
            Instant at) {
        try {
            Optional<AlarmRecord> current = alarm(id);
            if (current.isEmpty() || !current.get().state().canMoveTo(to)) {
                return Optional.empty();
            }
            transitionInTx(current.get(), to, by, note, at);
            return alarm(id);
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot move alarm " + id + " to " + to, e);
        }
    }

    private void transitionInTx(AlarmRecord current, AlarmState to, String by, String note, Instant at)
            throws SQLException {
        if (!current.state().canMoveTo(to)) {
            return;
        }
        String sql = switch (to) {
            case ACKNOWLEDGED -> "UPDATE alarms SET state = ?, acked_at = ?, acked_by = ? WHERE alarm_id = ?";
            case RESOLVED, CANCELLED -> "UPDATE alarms SET state = ?, closed_at = ?, acked_by = coalesce(acked_by, ?) "
                    + "WHERE alarm_id = ?";
            // alarms are stored as RECEIVED on ingest: nothing moves back to RAISED or RECEIVED
            case RAISED, RECEIVED -> null;
        };
        if (sql == null) {
            return;
        }
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, to.name());
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, by);
            ps.setString(4, current.id().value());
            ps.executeUpdate();
        }
        log(current.id(), at, to, by, note);
    }

    @Override
    public synchronized List<AlarmRecord> markOverdueHubsOffline(Instant now) {
        forgetTouches(); // rows may change here: the next message from any hub writes its row again
        List<AlarmId> raised = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT tenant, hub, last_seen, "
                + "heartbeat_s, online, coalesce(resident, 'unknown') FROM hubs WHERE silence_alarm IS NULL")) {
            while (rs.next()) {
                HubRecord h = new HubRecord(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getInt(4), rs.getInt(5) == 1);
                if (h.lastSeen().plusSeconds(3L * h.heartbeatS()).isBefore(now)) {
                    raised.add(raiseHubOffline(h, rs.getString(6), now));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot supervise hubs", e);
        }
        return raised.stream().map(id -> alarm(id).orElseThrow()).toList();
    }

    @Override
    public synchronized List<AlarmRecord> markMissingTestTransmissions(Instant now, java.time.Duration gap) {
        forgetTouches();
        List<AlarmId> raised = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT tenant, hub, coalesce(last_test_at, last_seen), "
                + "coalesce(resident, 'unknown') FROM hubs WHERE test_alarm IS NULL "
                + "AND coalesce(last_test_at, last_seen) < ?")) {
            ps.setLong(1, now.minus(gap).toEpochMilli());
            List<String[]> due = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new String[] {rs.getString(1), rs.getString(2), String.valueOf(rs.getLong(3)),
                            rs.getString(4)});
                }
            }
            for (String[] d : due) {
                AlarmId id = raise(d[0], d[1], d[3], EventCode.PERIODIC_TEST_MISSING,
                        "no test transmission for " + gap.toHours() + " h",
                        "last test " + Instant.ofEpochMilli(Long.parseLong(d[2])), now);
                try (PreparedStatement set = db.prepareStatement("UPDATE hubs SET test_alarm = ? WHERE tenant = ? "
                        + "AND hub = ?")) {
                    set.setString(1, id.value());
                    set.setString(2, d[0]);
                    set.setString(3, d[1]);
                    set.executeUpdate();
                }
                raised.add(id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot supervise test transmissions", e);
        }
        return raised.stream().map(id -> alarm(id).orElseThrow()).toList();
    }

    /** One HUB_OFFLINE alarm per silence. */
    private AlarmId raiseHubOffline(HubRecord h, String resident, Instant now) throws SQLException {
        AlarmId id = raise(h.tenant(), h.hub(), resident, EventCode.HUB_OFFLINE, "hub silent: 3 heartbeats missed",
                "last heard " + h.lastSeen(), now);
        try (PreparedStatement ps = db.prepareStatement("UPDATE hubs SET online = 0, silence_alarm = ? "
                + "WHERE tenant = ? AND hub = ?")) {
            ps.setString(1, id.value());
            ps.setString(2, h.tenant());
            ps.setString(3, h.hub());
            ps.executeUpdate();
        }
        return id;
    }

    /** An alarm the cloud raises itself about a hub; its id is unguessable, so no hub can forestall it. */
    private AlarmId raise(String tenant, String hub, String resident, EventCode code, String summary, String note,
            Instant now) throws SQLException {
        AlarmId id = AlarmId.of(code.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-"
                + UUID.randomUUID());
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO alarms(alarm_id, tenant, hub, resident, code, "
                + "priority, state, summary, dedup_key, raised_at, received_at, payload) VALUES(?,?,?,?,?,?,?,?,?,?,?,'{}')")) {
            ps.setString(1, id.value());
            ps.setString(2, tenant);
            ps.setString(3, hub);
            ps.setString(4, resident);
            ps.setString(5, code.name());
            ps.setString(6, code.defaultPriority().name());
            ps.setString(7, AlarmState.RECEIVED.name());
            ps.setString(8, summary);
            ps.setString(9, code.name() + "/" + hub);
            ps.setLong(10, now.toEpochMilli());
            ps.setLong(11, now.toEpochMilli());
            ps.executeUpdate();
        }
        log(id, now, AlarmState.RECEIVED, "cloud", note);
        return id;
    }

    @Override
    public synchronized List<HubRecord> hubs() {
        List<HubRecord> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT tenant, hub, last_seen, heartbeat_s, online FROM hubs ORDER BY tenant, hub")) {
            while (rs.next()) {
                out.add(new HubRecord(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getInt(4), rs.getInt(5) == 1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot list hubs", e);
        }
    }

    @Override
    public synchronized long readingCount() {
        return count("SELECT count(*) FROM readings");
    }

    private long count(String sql) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: " + e.getMessage(), e);
        }
    }

    private static AlarmRecord alarmRecord(ResultSet rs) throws SQLException {
        return new AlarmRecord(AlarmId.of(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                EventCode.valueOf(rs.getString(5)), Priority.valueOf(rs.getString(6)),
                AlarmState.valueOf(rs.getString(7)), rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)),
                Instant.ofEpochMilli(rs.getLong(10)), instant(rs, 11), rs.getString(12), instant(rs, 13));
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    @Override
    public synchronized void close() {
        try {
            for (PreparedStatement ps : prepared.values()) {
                ps.close();
            }
            db.close();
        } catch (SQLException e) {
            // best effort
        }
    }
}
