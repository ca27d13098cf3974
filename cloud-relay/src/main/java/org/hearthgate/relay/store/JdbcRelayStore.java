package org.hearthgate.relay.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.HubId;
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
import org.hearthgate.relay.db.Database;

/**
 * {@link RelayStore} on the cloud's SQL {@link Database}: PostgreSQL in production, one SQLite file as the embedded
 * default, the same SQL for both (the schema is {@code db/migration/<dialect>/V1__relay_store.sql}).
 *
 * <p>Several relays may share one PostgreSQL, so every write is safe against a twin doing the same at the same
 * moment: message ids are claimed with {@code INSERT … ON CONFLICT DO NOTHING} (a redelivery that reaches two relays
 * at once is stored once, and both answer "stored"), an alarm's row is locked before it changes, and supervision
 * marks a silent hub with a conditional update, so two relays raise one alarm per silence. Rows are locked in one
 * order (message keys sorted, then alarms, then hub rows sorted) so two batches cannot deadlock on each other.
 *
 * <p>A batch of messages is one transaction (one fsync for hundreds of readings); its ids are claimed by one
 * multi-row insert, its statements are prepared once per batch, and its readings and events go in JDBC batches, so
 * a batch costs a handful of round trips to PostgreSQL, not one per message.
 */
public final class JdbcRelayStore implements RelayStore {
    /** A dead letter keeps this much of its payload; the rest is known by its size and SHA-256. */
    public static final int DEAD_LETTER_HEAD_BYTES = 4 * 1024;
    /** Hubs waiting for an admin's confirmation; more than this and the oldest are forgotten. */
    private static final int MAX_PENDING = 10_000;
    /** A stream of readings refreshes its hub's row this often, not once per batch. */
    private static final long TOUCH_EVERY_MS = 5_000;

    private static final String ALARM_COLUMNS = "alarm_id, tenant, hub, resident, code, priority, state, summary, "
            + "raised_at, received_at, acked_at, acked_by, closed_at";
    private static final String CLAIM_HEAD = "INSERT INTO messages(tenant, hub, id, seq, channel, at, received_at) "
            + "VALUES(?,?,?,?,?,?,?)";
    private static final String CLAIM_TAIL = " ON CONFLICT(tenant, hub, id) DO NOTHING RETURNING tenant, hub, id";
    private static final String READING = "INSERT INTO readings(tenant, hub, message_id, resident, kind, at, "
            + "hub_received_at, payload) VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(tenant, hub, message_id) DO NOTHING";
    private static final String EVENT = "INSERT INTO events(tenant, hub, message_id, resident, code, priority, at, "
            + "payload) VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(tenant, hub, message_id) DO NOTHING";
    private static final String ALARM = "INSERT INTO alarms(alarm_id, tenant, hub, resident, code, priority, state, "
            + "summary, dedup_key, raised_at, received_at, payload) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) "
            + "ON CONFLICT(alarm_id) DO NOTHING";
    private static final String LOG = "INSERT INTO alarm_log(alarm_id, at, state, by, note) VALUES(?,?,?,?,?)";
    private static final String TOUCH = "INSERT INTO hubs(tenant, hub, last_seen, heartbeat_s, online, resident, "
            + "last_direct_seq, last_test_at) VALUES(?,?,?,?,1,?,?,?) ON CONFLICT(tenant, hub) DO UPDATE SET "
            + "last_seen = CASE WHEN excluded.last_seen > hubs.last_seen THEN excluded.last_seen "
            + "ELSE hubs.last_seen END, "
            + "heartbeat_s = CASE WHEN ? = 1 THEN excluded.heartbeat_s ELSE hubs.heartbeat_s END, online = 1, "
            + "resident = coalesce(excluded.resident, hubs.resident), silence_alarm = NULL, "
            + "last_direct_seq = coalesce(excluded.last_direct_seq, hubs.last_direct_seq), "
            + "last_test_at = CASE WHEN ? = 1 THEN excluded.last_test_at ELSE hubs.last_test_at END, "
            + "test_alarm = CASE WHEN ? = 1 THEN NULL ELSE hubs.test_alarm END";

    private final Database db;
    private final boolean ownsDatabase;
    private final int maxPending;
    /** The one thing the dialects disagree on here: SQLite's IMMEDIATE transaction already holds the write lock. */
    private final String lockRow;
    private final WireCodec codec = new WireCodec();
    /**
     * What each hub's row last said (by this relay's committed writes), so a stream of readings refreshes the row every
     * few seconds instead of once per batch. Forgotten when supervision changes hub rows. Another relay's supervision
     * does not clear it, but it marks only hubs silent for three heartbeats, and an entry skips a write only within
     * {@link #TOUCH_EVERY_MS} of the last one, so at worst a hub's re-arming waits for its next message.
     */
    private final Map<String, Touched> touched = new ConcurrentHashMap<>();

    private record Touched(long lastSeen, String resident) {
    }

    /** A store on {@code db}, which the caller keeps and closes (other stores share its pool). */
    public JdbcRelayStore(Database db) {
        this(db, false, MAX_PENDING);
    }

    /** For tests of the pending bound. */
    JdbcRelayStore(Database db, int maxPending) {
        this(db, false, maxPending);
    }

    private JdbcRelayStore(Database db, boolean ownsDatabase, int maxPending) {
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.maxPending = maxPending;
        this.lockRow = db.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    }

    /** Opens {@code spec} (see {@link Database#open}) for this store alone; closing the store closes it. */
    public static JdbcRelayStore open(String spec) {
        return new JdbcRelayStore(Database.open(spec), true, MAX_PENDING);
    }

    private void forgetTouches() {
        touched.clear();
    }

    /** Runs {@code work} in one transaction with its statements, naming {@code what} if it fails. */
    private <T> T inTransaction(String what, TxWork<T> work) {
        try {
            return db.inTransaction(c -> {
                try (Statements st = new Statements(c)) {
                    return work.run(st);
                }
            });
        } catch (RuntimeException e) {
            throw new Database.DataAccessException("relay store: " + what + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(String what, TxWork<T> work) {
        try {
            return db.read(c -> {
                try (Statements st = new Statements(c)) {
                    return work.run(st);
                }
            });
        } catch (RuntimeException e) {
            throw new Database.DataAccessException("relay store: " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface TxWork<T> {
        T run(Statements st) throws SQLException;
    }

    /** One connection's statements, each prepared once however often the work uses it, closed at the end. */
    private static final class Statements implements AutoCloseable {
        final Connection c;
        private final Map<String, PreparedStatement> bySql = new HashMap<>();
        private final Set<PreparedStatement> batched = new LinkedHashSet<>();

        Statements(Connection c) {
            this.c = c;
        }

        PreparedStatement get(String sql) throws SQLException {
            PreparedStatement ps = bySql.get(sql);
            if (ps == null) {
                ps = c.prepareStatement(sql);
                bySql.put(sql, ps);
            }
            return ps;
        }

        /** Rows nothing else in the transaction reads back (readings, events) go in one JDBC batch each. */
        void addBatch(PreparedStatement ps) throws SQLException {
            ps.addBatch();
            batched.add(ps);
        }

        void executeBatches() throws SQLException {
            for (PreparedStatement ps : batched) {
                ps.executeBatch();
            }
            batched.clear();
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : bySql.values()) {
                ps.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- ingest

    private record MessageKey(String tenant, String hub, String id) {
        static final Comparator<MessageKey> ORDER = Comparator.comparing(MessageKey::tenant)
                .thenComparing(MessageKey::hub).thenComparing(MessageKey::id);

        static MessageKey of(Inbound in) {
            return new MessageKey(in.tenant().value(), in.message().hub().value(), in.message().id().value());
        }
    }

    @Override
    public List<Result> ingest(List<Inbound> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        Map<String, Touched> written = new HashMap<>();
        List<Result> results = inTransaction("cannot ingest a batch of " + batch.size(),
                st -> ingest(st, batch, written));
        touched.putAll(written); // only what was committed
        return results;
    }

    private List<Result> ingest(Statements st, List<Inbound> batch, Map<String, Touched> written)
            throws SQLException {
        Map<MessageKey, Boolean> fresh = claim(st, batch);
        List<Result> results = new ArrayList<>(batch.size());
        Map<String, HubTouch> hubs = new TreeMap<>(); // sorted: hub rows are locked in one order by every relay
        Map<MessageKey, Result> decided = new HashMap<>(); // a second copy in the batch shares the first's fate
        for (Inbound in : batch) {
            Message m = in.message();
            MessageKey key = MessageKey.of(in);
            Result first = decided.get(key);
            Result r;
            if (first != null) {
                r = first instanceof Result.Stored ? new Result.Stored(false) : first;
            } else if (fresh.get(key)) {
                r = store(st, in);
                if (!(r instanceof Result.Stored)) {
                    // Only a stored message counts as seen: the resend of a refused or failed one (an update that
                    // overtook its alarm) is judged again, not waved through as a duplicate and lost.
                    unclaim(st, key);
                }
            } else {
                r = new Result.Stored(false);
            }
            decided.putIfAbsent(key, r);
            results.add(r);
            if (r instanceof Result.Stored) {
                hubs.computeIfAbsent(in.tenant().value() + "/" + m.hub().value(),
                        k -> new HubTouch(in.tenant().value(), m.hub().value())).add(in, results.size() - 1);
            }
        }
        st.executeBatches();
        for (HubTouch t : hubs.values()) {
            for (int i : t.write(st, touched, written)) {
                results.set(i, new Result.Stored(((Result.Stored) results.get(i)).fresh(), true));
            }
        }
        return results;
    }

    /** Message ids claimed by one statement at most (7 parameters each: well inside both databases' limits). */
    private static final int CLAIM_ROWS = 500;

    /**
     * Claims the batch's message ids in key order, many per statement; true for each one claimed now. A twin relay
     * storing the same redelivered message waits on the row and then finds it taken: stored once, "stored" for both.
     * The ids inserted come back by {@code RETURNING}, not from update counts a driver may leave "unknown".
     */
    private Map<MessageKey, Boolean> claim(Statements st, List<Inbound> batch) throws SQLException {
        Map<MessageKey, Inbound> keys = new TreeMap<>(MessageKey.ORDER);
        for (Inbound in : batch) {
            keys.putIfAbsent(MessageKey.of(in), in);
        }
        Map<MessageKey, Boolean> fresh = new HashMap<>();
        List<Map.Entry<MessageKey, Inbound>> rows = new ArrayList<>(keys.entrySet());
        for (int from = 0; from < rows.size(); from += CLAIM_ROWS) {
            List<Map.Entry<MessageKey, Inbound>> chunk = rows.subList(from, Math.min(rows.size(), from + CLAIM_ROWS));
            PreparedStatement ps = st.get(CLAIM_HEAD + ",(?,?,?,?,?,?,?)".repeat(chunk.size() - 1) + CLAIM_TAIL);
            int p = 1;
            for (var e : chunk) {
                Message m = e.getValue().message();
                fresh.put(e.getKey(), false);
                ps.setString(p++, e.getKey().tenant());
                ps.setString(p++, e.getKey().hub());
                ps.setString(p++, e.getKey().id());
                ps.setLong(p++, m.seq());
                ps.setString(p++, m.channel().level());
                ps.setLong(p++, m.at().toEpochMilli());
                ps.setLong(p++, e.getValue().receivedAt().toEpochMilli());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fresh.put(new MessageKey(rs.getString(1), rs.getString(2), rs.getString(3)), true);
                }
            }
        }
        return fresh;
    }

    private static void unclaim(Statements st, MessageKey key) throws SQLException {
        PreparedStatement ps = st.get("DELETE FROM messages WHERE tenant = ? AND hub = ? AND id = ?");
        ps.setString(1, key.tenant());
        ps.setString(2, key.hub());
        ps.setString(3, key.id());
        ps.executeUpdate();
    }

    private Result store(Statements st, Inbound in) throws SQLException {
        Message m = in.message();
        String tenant = in.tenant().value();
        switch (m.body()) {
            case AlarmRaised a -> {
                return raise(st, tenant, m, a, in.receivedAt());
            }
            case AlarmUpdate u -> {
                return applyUpdate(st, tenant, m, u, in.receivedAt());
            }
            case Event e -> {
                PreparedStatement ps = st.get(EVENT);
                ps.setString(1, tenant);
                ps.setString(2, m.hub().value());
                ps.setString(3, m.id().value());
                ps.setString(4, e.resident() == null ? null : e.resident().value());
                ps.setString(5, e.code().name());
                ps.setString(6, e.priority().name());
                ps.setLong(7, m.at().toEpochMilli());
                ps.setString(8, codec.encodeToString(m));
                st.addBatch(ps);
            }
            case Reading r -> {
                PreparedStatement ps = st.get(READING);
                ps.setString(1, tenant);
                ps.setString(2, m.hub().value());
                ps.setString(3, m.id().value());
                ps.setString(4, r.resident().value());
                ps.setString(5, WireTypes.OBSERVATIONS.get(r.observation().getClass()));
                ps.setLong(6, r.observation().at().toEpochMilli());
                setLong(ps, 7, r.receivedAt() == null ? null : r.receivedAt().toEpochMilli());
                ps.setString(8, codec.encodeObservation(r.observation()));
                st.addBatch(ps);
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
    private Result raise(Statements st, String tenant, Message m, AlarmRaised a, Instant receivedAt)
            throws SQLException {
        PreparedStatement ps = st.get(ALARM);
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
        if (ps.executeUpdate() == 0) {
            AlarmRecord existing = alarm(st, a.alarm(), false).orElseThrow();
            return existing.tenant().equals(tenant) && existing.hub().equals(m.hub().value())
                    ? new Result.Stored(false)
                    : new Result.Refused("alarm id already used by another hub");
        }
        log(st, a.alarm(), receivedAt, AlarmState.RECEIVED, "hub " + m.hub(), null);
        return new Result.Stored(true);
    }

    /** A hub's change to an alarm: only to an alarm that same hub of that same tenant raised. */
    private Result applyUpdate(Statements st, String tenant, Message m, AlarmUpdate u, Instant at)
            throws SQLException {
        Optional<AlarmRecord> current = alarm(st, u.alarm(), true);
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
            move(st, r, u.state(), "hub " + m.hub(), u.reason(), at);
        }
        if (u.priority().moreUrgentThan(r.priority())) {
            PreparedStatement ps = st.get("UPDATE alarms SET priority = ? WHERE alarm_id = ?");
            ps.setString(1, u.priority().name());
            ps.setString(2, u.alarm().value());
            ps.executeUpdate();
            log(st, u.alarm(), at, r.state(), "hub " + m.hub(), "priority " + u.priority() + ": " + u.reason());
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

        /**
         * Writes the hub's row, noting in {@code written} what it now says; returns the batch indices whose sequence
         * went backwards.
         */
        List<Integer> write(Statements st, Map<String, Touched> known, Map<String, Touched> written)
                throws SQLException {
            List<Integer> regressed = new ArrayList<>();
            String key = tenant + "/" + hub;
            if (direct.isEmpty() && heartbeatS < 0 && testAt == null && Boolean.TRUE.equals(online)) {
                Touched last = known.get(key);
                if (last != null && lastSeen - last.lastSeen() < TOUCH_EVERY_MS
                        && (resident == null || resident.equals(last.resident()))) {
                    return regressed; // the row already says all this, to within a few seconds
                }
            }
            if (!direct.isEmpty()) {
                Long last = null;
                PreparedStatement ps = st.get("SELECT last_direct_seq FROM hubs WHERE tenant = ? AND hub = ?");
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
                known.remove(key);
                written.remove(key);
                PreparedStatement ps = st.get("UPDATE hubs SET online = 0 WHERE tenant = ? AND hub = ?");
                ps.setString(1, tenant);
                ps.setString(2, hub);
                ps.executeUpdate();
                return regressed;
            }
            Touched before = known.get(key);
            written.put(key, new Touched(lastSeen, resident != null ? resident
                    : before == null ? null : before.resident()));
            PreparedStatement ps = st.get(TOUCH);
            ps.setString(1, tenant);
            ps.setString(2, hub);
            ps.setLong(3, lastSeen);
            ps.setInt(4, heartbeatS > 0 ? heartbeatS : 60);
            ps.setString(5, resident);
            setLong(ps, 6, directSeq);
            ps.setLong(7, testAt != null ? testAt : lastSeen);
            ps.setInt(8, heartbeatS > 0 ? 1 : 0);
            ps.setInt(9, testAt != null ? 1 : 0);
            ps.setInt(10, testAt != null ? 1 : 0);
            ps.executeUpdate();
            return regressed;
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static void log(Statements st, AlarmId id, Instant at, AlarmState state, String by, String note)
            throws SQLException {
        PreparedStatement ps = st.get(LOG);
        ps.setString(1, id.value());
        ps.setLong(2, at.toEpochMilli());
        ps.setString(3, state.name());
        ps.setString(4, by);
        ps.setString(5, note);
        ps.executeUpdate();
    }

    // ---------------------------------------------------------------------------------------------- dead letters

    @Override
    public int deadLetter(List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return 0;
        }
        // by hash: two relays keeping the same letters lock their rows in one order
        Map<String, Rejected> byHash = new TreeMap<>();
        for (Rejected r : rejected) {
            byHash.putIfAbsent(sha256(r.topic(), r.payload() == null ? new byte[0] : r.payload()), r);
        }
        return inTransaction("cannot keep dead letters", st -> {
            int fresh = 0;
            PreparedStatement ps = st.get("INSERT INTO dead_letters(topic, received_at, reason, size, sha256, "
                    + "payload_head) VALUES(?,?,?,?,?,?) ON CONFLICT(sha256) DO NOTHING");
            for (var e : byHash.entrySet()) {
                Rejected r = e.getValue();
                byte[] payload = r.payload() == null ? new byte[0] : r.payload();
                ps.setString(1, r.topic() == null ? null : abbreviate(r.topic(), 256));
                ps.setLong(2, r.receivedAt().toEpochMilli());
                ps.setString(3, abbreviate(r.reason(), 500));
                ps.setInt(4, payload.length);
                ps.setString(5, e.getKey());
                ps.setBytes(6, Arrays.copyOf(payload, Math.min(payload.length, DEAD_LETTER_HEAD_BYTES)));
                fresh += ps.executeUpdate();
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
    public int purgeDeadLetters(Instant cutoff, int max) {
        return inTransaction("cannot purge dead letters", st -> {
            PreparedStatement old = st.get("DELETE FROM dead_letters WHERE received_at < ?");
            old.setLong(1, cutoff.toEpochMilli());
            int gone = old.executeUpdate();
            PreparedStatement over = st.get("DELETE FROM dead_letters WHERE id <= "
                    + "(SELECT id FROM dead_letters ORDER BY id DESC LIMIT 1 OFFSET ?)");
            over.setInt(1, max);
            return gone + over.executeUpdate();
        });
    }

    @Override
    public long deadLetterCount() {
        return count("dead_letters");
    }

    @Override
    public List<DeadLetter> deadLetters(int max) {
        return read("cannot list dead letters", st -> {
            PreparedStatement ps = st.get("SELECT id, topic, received_at, reason, size, sha256 FROM dead_letters "
                    + "ORDER BY id DESC LIMIT ?");
            ps.setInt(1, max);
            List<DeadLetter> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeadLetter(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getString(4), rs.getInt(5), rs.getString(6)));
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------------------------------------- registration

    @Override
    public void registerAll(Map<TenantId, List<HubId>> hubs, Instant at) {
        // sorted, so two relays registering the same configuration at start-up take the rows in one order
        List<String[]> rows = hubs.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(h -> new String[] {e.getKey().value(), h.value()}))
                .sorted(Comparator.<String[], String>comparing(r -> r[0]).thenComparing(r -> r[1])).toList();
        inTransaction("cannot register hubs", st -> {
            PreparedStatement ps = st.get("INSERT INTO registrations(tenant, hub, state, since) "
                    + "VALUES(?,?,'CONFIRMED',?) ON CONFLICT(tenant, hub) DO UPDATE SET state = 'CONFIRMED', since = CASE WHEN "
                    + "registrations.state = 'CONFIRMED' THEN registrations.since ELSE excluded.since END");
            for (String[] r : rows) {
                ps.setString(1, r[0]);
                ps.setString(2, r[1]);
                ps.setLong(3, at.toEpochMilli());
                ps.addBatch();
            }
            ps.executeBatch();
            return null;
        });
    }

    @Override
    public void notePending(TenantId tenant, String hub, Instant at) {
        inTransaction("cannot note a pending hub", st -> {
            PreparedStatement ps = st.get("INSERT INTO registrations(tenant, hub, state, since) "
                    + "VALUES(?,?,'PENDING',?) ON CONFLICT(tenant, hub) DO NOTHING");
            ps.setString(1, tenant.value());
            ps.setString(2, hub);
            ps.setLong(3, at.toEpochMilli());
            if (ps.executeUpdate() == 1) {
                PreparedStatement trim = st.get("DELETE FROM registrations WHERE state = 'PENDING' AND "
                        + "(tenant, hub) NOT IN (SELECT tenant, hub FROM registrations WHERE state = 'PENDING' "
                        + "ORDER BY since DESC, tenant, hub LIMIT ?)");
                trim.setInt(1, maxPending);
                trim.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Registered> registrations() {
        return read("cannot list registrations", st -> {
            List<Registered> out = new ArrayList<>();
            try (ResultSet rs = st.get("SELECT tenant, hub, state, since FROM registrations ORDER BY tenant, hub")
                    .executeQuery()) {
                while (rs.next()) {
                    out.add(new Registered(rs.getString(1), rs.getString(2), Registration.valueOf(rs.getString(3)),
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------------------------------------------- alarms

    /**
     * Open alarms most urgent first, then each home's oldest open alarm before anyone's second, then oldest first (the
     * order to take them); history newest first. Always by the cloud's own receive time, so a hub's clock cannot
     * reorder the queue, and by home before age, so one hub raising hundreds of alarms cannot push another home's
     * alarm off the page.
     */
    @Override
    public List<AlarmRecord> alarms(boolean openOnly, int max) {
        String sql = openOnly
                ? "SELECT " + ALARM_COLUMNS + " FROM (SELECT *, CASE priority WHEN 'CRITICAL' THEN 1 WHEN 'HIGH' THEN 2 "
                        + "WHEN 'MEDIUM' THEN 3 WHEN 'LOW' THEN 4 ELSE 5 END AS urgency FROM alarms "
                        + "WHERE state NOT IN ('RESOLVED','CANCELLED')) open_alarms "
                        + "ORDER BY urgency, row_number() OVER (PARTITION BY tenant, hub, urgency ORDER BY received_at), "
                        + "received_at, alarm_id LIMIT ?"
                : "SELECT " + ALARM_COLUMNS + " FROM alarms ORDER BY received_at DESC, alarm_id LIMIT ?";
        return read("cannot list alarms", st -> {
            PreparedStatement ps = st.get(sql);
            ps.setInt(1, max);
            List<AlarmRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(alarmRecord(rs));
                }
            }
            return out;
        });
    }

    @Override
    public OpenAlarms openAlarms() {
        return read("cannot count open alarms", st -> {
            PreparedStatement ps = st.get("SELECT priority, count(*), min(CASE WHEN acked_at IS NULL AND state <> "
                    + "'ACKNOWLEDGED' THEN received_at END) FROM alarms WHERE state NOT IN ('RESOLVED','CANCELLED') "
                    + "GROUP BY priority");
            Map<org.hearthgate.contract.alarm.Priority, Long> counts = new java.util.EnumMap<>(
                    org.hearthgate.contract.alarm.Priority.class);
            long oldest = Long.MAX_VALUE;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(org.hearthgate.contract.alarm.Priority.valueOf(rs.getString(1)), rs.getLong(2));
                    long first = rs.getLong(3);
                    if (!rs.wasNull()) {
                        oldest = Math.min(oldest, first);
                    }
                }
            }
            return new OpenAlarms(counts, oldest == Long.MAX_VALUE ? null : Instant.ofEpochMilli(oldest));
        });
    }

    @Override
    public AlarmPage alarms(AlarmQuery q) {
        if (q.residents() != null && q.residents().isEmpty()) {
            return new AlarmPage(List.of(), 0);
        }
        StringBuilder where = new StringBuilder(" WHERE tenant = ?");
        if (q.openOnly()) {
            where.append(" AND state NOT IN ('RESOLVED','CANCELLED')");
        }
        List<String> residents = q.residents() == null ? List.of()
                : q.residents().stream().map(org.hearthgate.contract.ResidentId::value).sorted().toList();
        if (!residents.isEmpty()) {
            where.append(" AND resident IN (").append("?,".repeat(residents.size() - 1)).append("?)");
        }
        String sql = q.openOnly()
                ? "SELECT " + ALARM_COLUMNS + " FROM (SELECT *, CASE priority WHEN 'CRITICAL' THEN 1 WHEN 'HIGH' THEN 2 "
                        + "WHEN 'MEDIUM' THEN 3 WHEN 'LOW' THEN 4 ELSE 5 END AS urgency FROM alarms" + where
                        + ") open_alarms ORDER BY urgency, row_number() OVER (PARTITION BY tenant, hub, urgency "
                        + "ORDER BY received_at), received_at, alarm_id LIMIT ?"
                : "SELECT " + ALARM_COLUMNS + " FROM alarms" + where + " ORDER BY received_at DESC, alarm_id LIMIT ?";
        return read("cannot list alarms", st -> {
            PreparedStatement ps = st.get(sql);
            int i = 1;
            ps.setString(i++, q.tenant().value());
            for (String r : residents) {
                ps.setString(i++, r);
            }
            ps.setInt(i, q.limit());
            List<AlarmRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(alarmRecord(rs));
                }
            }
            long total = out.size();
            if (total == q.limit()) {
                PreparedStatement count = st.get("SELECT count(*) FROM alarms" + where);
                int j = 1;
                count.setString(j++, q.tenant().value());
                for (String r : residents) {
                    count.setString(j++, r);
                }
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            return new AlarmPage(out, total);
        });
    }

    @Override
    public Optional<AlarmRecord> alarm(AlarmId id) {
        return read("cannot read alarm " + id, st -> alarm(st, id, false));
    }

    /** An alarm; {@code lock}: its row stays locked until the transaction ends (so a decision on it holds). */
    private Optional<AlarmRecord> alarm(Statements st, AlarmId id, boolean lock) throws SQLException {
        PreparedStatement ps = st.get("SELECT " + ALARM_COLUMNS + " FROM alarms WHERE alarm_id = ?"
                + (lock ? lockRow : ""));
        ps.setString(1, id.value());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(alarmRecord(rs)) : Optional.empty();
        }
    }

    @Override
    public Optional<AlarmRecord> transition(AlarmId id, AlarmState to, String by, String note, Instant at) {
        return inTransaction("cannot move alarm " + id + " to " + to, st -> {
            Optional<AlarmRecord> current = alarm(st, id, true);
            if (current.isEmpty() || !current.get().state().canMoveTo(to)) {
                return Optional.empty();
            }
            move(st, current.get(), to, by, note, at);
            return alarm(st, id, false);
        });
    }

    /** Moves a (locked) alarm on, if its lifecycle allows, and logs it. */
    private static void move(Statements st, AlarmRecord current, AlarmState to, String by, String note, Instant at)
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
        PreparedStatement ps = st.get(sql);
        ps.setString(1, to.name());
        ps.setLong(2, at.toEpochMilli());
        ps.setString(3, by);
        ps.setString(4, current.id().value());
        ps.executeUpdate();
        log(st, current.id(), at, to, by, note);
    }

    // ----------------------------------------------------------------------------------------------- supervision

    /** A hub that supervision may alarm about, as a candidate query found it. */
    private record Quiet(String tenant, String hub, long lastHeard, String resident) {
    }

    @Override
    public List<AlarmRecord> markOverdueHubsOffline(Instant now) {
        List<Quiet> due = quiet("SELECT tenant, hub, last_seen, coalesce(resident, 'unknown') FROM hubs "
                + "WHERE silence_alarm IS NULL AND last_seen + 3000 * CAST(heartbeat_s AS BIGINT) < ?", now);
        List<AlarmRecord> raised = new ArrayList<>();
        for (Quiet q : due) {
            AlarmId id = cloudAlarmId(EventCode.HUB_OFFLINE);
            // Conditional: a twin relay supervising at the same moment, or the hub speaking just now, wins the row
            // and this one raises nothing. One alarm per silence.
            inTransaction("cannot supervise hubs", st -> {
                PreparedStatement ps = st.get("UPDATE hubs SET online = 0, silence_alarm = ? WHERE tenant = ? "
                        + "AND hub = ? AND silence_alarm IS NULL "
                        + "AND last_seen + 3000 * CAST(heartbeat_s AS BIGINT) < ?");
                ps.setString(1, id.value());
                ps.setString(2, q.tenant());
                ps.setString(3, q.hub());
                ps.setLong(4, now.toEpochMilli());
                if (ps.executeUpdate() == 1) {
                    raised.add(raise(st, id, q, EventCode.HUB_OFFLINE, "hub silent: 3 heartbeats missed",
                            "last heard " + Instant.ofEpochMilli(q.lastHeard()), now));
                }
                return null;
            });
        }
        forgetTouches(); // hub rows changed: the next message from any hub writes its row again
        return raised;
    }

    @Override
    public List<AlarmRecord> markMissingTestTransmissions(Instant now, Duration gap) {
        long cutoff = now.minus(gap).toEpochMilli();
        List<Quiet> due = quiet("SELECT tenant, hub, coalesce(last_test_at, last_seen), coalesce(resident, 'unknown') "
                + "FROM hubs WHERE test_alarm IS NULL AND coalesce(last_test_at, last_seen) < ?",
                Instant.ofEpochMilli(cutoff));
        List<AlarmRecord> raised = new ArrayList<>();
        for (Quiet q : due) {
            AlarmId id = cloudAlarmId(EventCode.PERIODIC_TEST_MISSING);
            inTransaction("cannot supervise test transmissions", st -> {
                PreparedStatement ps = st.get("UPDATE hubs SET test_alarm = ? WHERE tenant = ? AND hub = ? "
                        + "AND test_alarm IS NULL AND coalesce(last_test_at, last_seen) < ?");
                ps.setString(1, id.value());
                ps.setString(2, q.tenant());
                ps.setString(3, q.hub());
                ps.setLong(4, cutoff);
                if (ps.executeUpdate() == 1) {
                    raised.add(raise(st, id, q, EventCode.PERIODIC_TEST_MISSING,
                            "no test transmission for " + gap.toHours() + " h",
                            "last test " + Instant.ofEpochMilli(q.lastHeard()), now));
                }
                return null;
            });
        }
        forgetTouches();
        return raised;
    }

    private List<Quiet> quiet(String sql, Instant before) {
        return read("cannot supervise hubs", st -> {
            PreparedStatement ps = st.get(sql);
            ps.setLong(1, before.toEpochMilli());
            List<Quiet> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Quiet(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
                }
            }
            return out;
        });
    }

    /** An alarm the cloud raises itself about a hub; its id is unguessable, so no hub can forestall it. */
    private static AlarmId cloudAlarmId(EventCode code) {
        return AlarmId.of(code.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + UUID.randomUUID());
    }

    private AlarmRecord raise(Statements st, AlarmId id, Quiet q, EventCode code, String summary, String note,
            Instant now) throws SQLException {
        PreparedStatement ps = st.get(ALARM);
        ps.setString(1, id.value());
        ps.setString(2, q.tenant());
        ps.setString(3, q.hub());
        ps.setString(4, q.resident());
        ps.setString(5, code.name());
        ps.setString(6, code.defaultPriority().name());
        ps.setString(7, AlarmState.RECEIVED.name());
        ps.setString(8, summary);
        ps.setString(9, code.name() + "/" + q.hub());
        ps.setLong(10, now.toEpochMilli());
        ps.setLong(11, now.toEpochMilli());
        ps.setString(12, "{}");
        ps.executeUpdate();
        log(st, id, now, AlarmState.RECEIVED, "cloud", note);
        return alarm(st, id, false).orElseThrow();
    }

    // ------------------------------------------------------------------------------------------------------ reads

    @Override
    public List<HubRecord> hubs() {
        return read("cannot list hubs", st -> {
            List<HubRecord> out = new ArrayList<>();
            try (ResultSet rs = st.get("SELECT tenant, hub, last_seen, heartbeat_s, online FROM hubs "
                    + "ORDER BY tenant, hub").executeQuery()) {
                while (rs.next()) {
                    out.add(new HubRecord(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getInt(4), rs.getInt(5) == 1));
                }
            }
            return out;
        });
    }

    @Override
    public long readingCount() {
        return count("readings");
    }

    private long count(String table) {
        return read("cannot count " + table, st -> {
            try (ResultSet rs = st.get("SELECT count(*) FROM " + table).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
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

    /** Forgets this store's cache; the database stays open unless this store opened it ({@link #open}). */
    @Override
    public void close() {
        forgetTouches();
        if (ownsDatabase) {
            db.close();
        }
    }
}
