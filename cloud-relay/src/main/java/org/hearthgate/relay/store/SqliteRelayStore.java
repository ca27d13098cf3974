package org.hearthgate.relay.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

/**
 * {@link RelayStore} on one SQLite file (WAL, synchronous=FULL): the embedded default for the demo and small
 * deployments. All methods are synchronized on this object; SQLite allows one writer anyway.
 */
public final class SqliteRelayStore implements RelayStore {
    private final Connection db;
    private final WireCodec codec = new WireCodec();

    public SqliteRelayStore(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS messages(id TEXT PRIMARY KEY, tenant TEXT NOT NULL, hub TEXT NOT NULL,
                          seq INTEGER NOT NULL, channel TEXT NOT NULL, at INTEGER NOT NULL, received_at INTEGER NOT NULL)""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS alarms(alarm_id TEXT PRIMARY KEY, tenant TEXT NOT NULL,
                          hub TEXT NOT NULL, resident TEXT NOT NULL, code TEXT NOT NULL, priority TEXT NOT NULL,
                          state TEXT NOT NULL, summary TEXT NOT NULL, dedup_key TEXT NOT NULL, raised_at INTEGER NOT NULL,
                          received_at INTEGER NOT NULL, acked_at INTEGER, acked_by TEXT, closed_at INTEGER,
                          payload TEXT NOT NULL)""");
                s.execute("CREATE INDEX IF NOT EXISTS alarms_open ON alarms(state, raised_at)");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS alarm_log(id INTEGER PRIMARY KEY AUTOINCREMENT, alarm_id TEXT NOT NULL,
                          at INTEGER NOT NULL, state TEXT NOT NULL, by TEXT, note TEXT)""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS readings(message_id TEXT PRIMARY KEY, tenant TEXT NOT NULL,
                          hub TEXT NOT NULL, resident TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL,
                          hub_received_at INTEGER, payload TEXT NOT NULL)""");
                s.execute("CREATE INDEX IF NOT EXISTS readings_by_resident ON readings(resident, kind, at)");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS events(message_id TEXT PRIMARY KEY, tenant TEXT NOT NULL,
                          hub TEXT NOT NULL, resident TEXT, code TEXT NOT NULL, priority TEXT NOT NULL,
                          at INTEGER NOT NULL, payload TEXT NOT NULL)""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS hubs(tenant TEXT NOT NULL, hub TEXT NOT NULL, last_seen INTEGER NOT NULL,
                          heartbeat_s INTEGER NOT NULL, online INTEGER NOT NULL, resident TEXT,
                          silence_alarm TEXT, PRIMARY KEY(tenant, hub))""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS dead_letters(id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT,
                          received_at INTEGER NOT NULL, reason TEXT NOT NULL, payload BLOB)""");
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the relay store at " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean ingest(TenantId tenant, Message m, Instant receivedAt) {
        try {
            db.setAutoCommit(false);
            try {
                boolean fresh;
                try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO messages(id, tenant, hub, seq, "
                        + "channel, at, received_at) VALUES(?,?,?,?,?,?,?)")) {
                    ps.setString(1, m.id().value());
                    ps.setString(2, tenant.value());
                    ps.setString(3, m.hub().value());
                    ps.setLong(4, m.seq());
                    ps.setString(5, m.channel().level());
                    ps.setLong(6, m.at().toEpochMilli());
                    ps.setLong(7, receivedAt.toEpochMilli());
                    fresh = ps.executeUpdate() == 1;
                }
                if (fresh) {
                    store(tenant, m, receivedAt);
                }
                touchHub(tenant, m, receivedAt);
                db.commit();
                return fresh;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot ingest " + m.id(), e);
        }
    }

    private void store(TenantId tenant, Message m, Instant receivedAt) throws SQLException {
        switch (m.body()) {
            case AlarmRaised a -> {
                try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO alarms(alarm_id, tenant, hub, "
                        + "resident, code, priority, state, summary, dedup_key, raised_at, received_at, payload) "
                        + "VALUES(?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    ps.setString(1, a.alarm().value());
                    ps.setString(2, tenant.value());
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
            }
            case AlarmUpdate u -> applyUpdate(u, receivedAt, m);
            case Event e -> {
                try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO events(message_id, tenant, hub, "
                        + "resident, code, priority, at, payload) VALUES(?,?,?,?,?,?,?,?)")) {
                    ps.setString(1, m.id().value());
                    ps.setString(2, tenant.value());
                    ps.setString(3, m.hub().value());
                    ps.setString(4, e.resident() == null ? null : e.resident().value());
                    ps.setString(5, e.code().name());
                    ps.setString(6, e.priority().name());
                    ps.setLong(7, m.at().toEpochMilli());
                    ps.setString(8, codec.encodeToString(m));
                    ps.executeUpdate();
                }
            }
            case Reading r -> {
                try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO readings(message_id, tenant, hub, "
                        + "resident, kind, at, hub_received_at, payload) VALUES(?,?,?,?,?,?,?,?)")) {
                    ps.setString(1, m.id().value());
                    ps.setString(2, tenant.value());
                    ps.setString(3, m.hub().value());
                    ps.setString(4, r.resident().value());
                    ps.setString(5, WireTypes.OBSERVATIONS.get(r.observation().getClass()));
                    ps.setLong(6, r.observation().at().toEpochMilli());
                    ps.setObject(7, r.receivedAt() == null ? null : r.receivedAt().toEpochMilli());
                    ps.setString(8, codec.encodeObservation(r.observation()));
                    ps.executeUpdate();
                }
            }
            default -> {
                // heartbeats and status only refresh the hub row (touchHub)
            }
        }
    }

    private void applyUpdate(AlarmUpdate u, Instant at, Message m) throws SQLException {
        Optional<AlarmRecord> current = alarm(u.alarm());
        if (current.isEmpty()) {
            return; // an update overtook its alarm; the alarm's own retry will bring it
        }
        if (u.state() == AlarmState.CANCELLED || u.state() == AlarmState.RESOLVED) {
            transitionInTx(current.get(), u.state(), "hub " + m.hub(), u.reason(), at);
        }
        if (u.priority().moreUrgentThan(current.get().priority())) {
            try (PreparedStatement ps = db.prepareStatement("UPDATE alarms SET priority = ? WHERE alarm_id = ?")) {
                ps.setString(1, u.priority().name());
                ps.setString(2, u.alarm().value());
                ps.executeUpdate();
            }
            log(u.alarm(), at, current.get().state(), "hub " + m.hub(), "priority " + u.priority() + ": " + u.reason());
        }
    }

    /**
     * Every message from a hub proves it alive, except its Last Will ("offline"), which the broker sends for a hub
     * that vanished: that only marks it offline for the console. The "hub offline" alarm comes from missed
     * heartbeats ({@link #markOverdueHubsOffline}), so a short network blip does not page anyone.
     */
    private void touchHub(TenantId tenant, Message m, Instant at) throws SQLException {
        int hb = m.body() instanceof Heartbeat h ? h.intervalS() : -1;
        String resident = residentOf(m);
        if (m.body() instanceof HubStatus st && !st.online()) {
            try (PreparedStatement ps = db.prepareStatement("UPDATE hubs SET online = 0 WHERE tenant = ? AND hub = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, m.hub().value());
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO hubs(tenant, hub, last_seen, heartbeat_s, online, "
                + "resident) VALUES(?,?,?,?,1,?) ON CONFLICT(tenant, hub) DO UPDATE SET last_seen = excluded.last_seen, "
                + "heartbeat_s = CASE WHEN ? > 0 THEN ? ELSE heartbeat_s END, online = 1, "
                + "resident = coalesce(excluded.resident, resident), silence_alarm = NULL")) {
            ps.setString(1, tenant.value());
            ps.setString(2, m.hub().value());
            ps.setLong(3, at.toEpochMilli());
            ps.setInt(4, hb > 0 ? hb : 60);
            ps.setString(5, resident);
            ps.setInt(6, hb);
            ps.setInt(7, hb);
            ps.executeUpdate();
        }
    }

    private static String residentOf(Message m) {
        return switch (m.body()) {
            case Reading r -> r.resident().value();
            case AlarmRaised a -> a.resident().value();
            case Event e -> e.resident() == null ? null : e.resident().value();
            default -> null;
        };
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
    public synchronized void deadLetter(String topic, byte[] payload, String reason, Instant receivedAt) {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO dead_letters(topic, received_at, reason, payload) "
                + "VALUES(?,?,?,?)")) {
            ps.setString(1, topic);
            ps.setLong(2, receivedAt.toEpochMilli());
            ps.setString(3, reason);
            ps.setBytes(4, payload);
            ps.executeUpdate();
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(SqliteRelayStore.class).error("cannot keep a dead letter: {}",
                    e.getMessage());
        }
    }

    @Override
    public synchronized long deadLetterCount() {
        return count("SELECT count(*) FROM dead_letters");
    }

    @Override
    public synchronized List<DeadLetter> deadLetters(int max) {
        List<DeadLetter> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT id, topic, received_at, reason, length(payload) "
                + "FROM dead_letters ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeadLetter(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getString(4), rs.getInt(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("relay store: cannot list dead letters", e);
        }
    }

    private static final String ALARM_COLUMNS = "alarm_id, tenant, hub, resident, code, priority, state, summary, "
            + "raised_at, received_at, acked_at, acked_by, closed_at";

    /** Open alarms most urgent first, then oldest first (the order to take them); history newest first. */
    @Override
    public synchronized List<AlarmRecord> alarms(boolean openOnly, int max) {
        String sql = "SELECT " + ALARM_COLUMNS + " FROM alarms" + (openOnly
                ? " WHERE state NOT IN ('RESOLVED','CANCELLED') ORDER BY CASE priority WHEN 'CRITICAL' THEN 1 "
                        + "WHEN 'HIGH' THEN 2 WHEN 'MEDIUM' THEN 3 WHEN 'LOW' THEN 4 ELSE 5 END, raised_at"
                : " ORDER BY raised_at DESC") + " LIMIT ?";
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

    /** One HUB_OFFLINE alarm per silence, idempotent by an id made of the hub and when it was last heard. */
    private AlarmId raiseHubOffline(HubRecord h, String resident, Instant now) throws SQLException {
        AlarmId id = AlarmId.of("hub-offline:" + h.tenant() + ":" + h.hub() + ":" + h.lastSeen().toEpochMilli());
        try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO alarms(alarm_id, tenant, hub, resident, "
                + "code, priority, state, summary, dedup_key, raised_at, received_at, payload) "
                + "VALUES(?,?,?,?,?,?,?,?,?,?,?,'{}')")) {
            ps.setString(1, id.value());
            ps.setString(2, h.tenant());
            ps.setString(3, h.hub());
            ps.setString(4, resident);
            ps.setString(5, EventCode.HUB_OFFLINE.name());
            ps.setString(6, EventCode.HUB_OFFLINE.defaultPriority().name());
            ps.setString(7, AlarmState.RECEIVED.name());
            ps.setString(8, "hub silent: 3 heartbeats missed");
            ps.setString(9, "HUB_OFFLINE/" + h.hub());
            ps.setLong(10, now.toEpochMilli());
            ps.setLong(11, now.toEpochMilli());
            ps.executeUpdate();
        }
        log(id, now, AlarmState.RECEIVED, "cloud", "last heard " + h.lastSeen());
        try (PreparedStatement ps = db.prepareStatement("UPDATE hubs SET online = 0, silence_alarm = ? "
                + "WHERE tenant = ? AND hub = ?")) {
            ps.setString(1, id.value());
            ps.setString(2, h.tenant());
            ps.setString(3, h.hub());
            ps.executeUpdate();
        }
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
            db.close();
        } catch (SQLException e) {
            // best effort
        }
    }
}
