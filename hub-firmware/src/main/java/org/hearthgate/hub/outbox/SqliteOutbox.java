package org.hearthgate.hub.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.MessageId;

/**
 * {@link Outbox} on SQLite in WAL mode. Alarms and events are committed with {@code synchronous=FULL}: once
 * {@link #append} returns, they survive a power cut. Telemetry is committed with {@code synchronous=NORMAL} (no fsync
 * per reading, which an SD card cannot sustain): a power cut may lose the last readings since the previous fsync,
 * but never corrupts the store, and the next alarm's fsync makes everything before it durable too.
 * One connection, guarded by this object's monitor.
 */
public final class SqliteOutbox implements Outbox {
    private final Connection db;
    private final int capacity;
    private long evicted;
    /** Rows in the table, kept in memory: count(*) per append would scan a 200 000-row backlog each time. */
    private int size;

    public SqliteOutbox(Path file, int capacity) {
        if (capacity < 100) {
            throw new IllegalArgumentException("outbox.capacity: at least 100, was " + capacity);
        }
        this.capacity = capacity;
        try {
            createOwnerOnly(file);
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA wal_autocheckpoint=1000");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS outbox(
                          id TEXT PRIMARY KEY, seq INTEGER NOT NULL, rank INTEGER NOT NULL, topic TEXT NOT NULL,
                          payload BLOB NOT NULL, created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                          due_at INTEGER NOT NULL)""");
                s.execute("CREATE INDEX IF NOT EXISTS outbox_order ON outbox(rank, created_at)");
                s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
                s.execute("INSERT OR IGNORE INTO meta(key, value) VALUES('seq', 0)");
            }
            size = count();
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the outbox at " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The outbox holds a resident's readings and alarms: its folder (when the hub makes it) is 0700 and the file 0600,
     * whatever the umask. SQLite gives its -wal and -shm files the database file's mode.
     */
    private static void createOwnerOnly(Path file) throws java.io.IOException {
        Path parent = file.toAbsolutePath().getParent();
        boolean posix = parent.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(parent)) {
            if (posix) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
            } else {
                Files.createDirectories(parent);
            }
        }
        if (posix && !Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
    }

    @Override
    public synchronized long nextSeq() {
        try {
            return advanceSeq();
        } catch (SQLException e) {
            throw new IllegalStateException("outbox: cannot advance the sequence", e);
        }
    }

    private long advanceSeq() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE meta SET value = value + 1 WHERE key = 'seq'");
            try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = 'seq'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public synchronized boolean append(OutboxEntry.Draft d) {
        try {
            durability(d.rank() >= OutboxEntry.TELEMETRY ? "NORMAL" : "FULL");
            db.setAutoCommit(false);
            try {
                if (size >= capacity && !makeRoom(d.rank() >= OutboxEntry.TELEMETRY)) {
                    db.rollback();
                    evicted++;
                    // The store is full of alarms and events: the new telemetry is the one to go.
                    return false;
                }
                long seq = advanceSeq();
                try (PreparedStatement ps = db.prepareStatement("INSERT OR IGNORE INTO outbox(id, seq, rank, topic, "
                        + "payload, created_at, attempts, due_at) VALUES(?,?,?,?,?,?,0,?)")) {
                    ps.setString(1, d.id().value());
                    ps.setLong(2, seq);
                    ps.setInt(3, d.rank());
                    ps.setString(4, d.topic());
                    ps.setBytes(5, d.encode().apply(seq));
                    ps.setLong(6, d.createdAt().toEpochMilli());
                    ps.setLong(7, d.createdAt().toEpochMilli());
                    if (ps.executeUpdate() == 1) {
                        size++;
                    }
                }
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                size = count();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("outbox: cannot store message " + d.id(), e);
        }
    }

    private String synchronous = "FULL";

    private void durability(String level) throws SQLException {
        if (!level.equals(synchronous)) {
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA synchronous=" + level);
            }
            synchronous = level;
        }
    }

    /** Evicts the oldest telemetry; returns false when there is none to evict and the newcomer is telemetry. */
    private boolean makeRoom(boolean newcomerIsTelemetry) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox "
                + "WHERE rank >= ? ORDER BY created_at LIMIT 1)")) {
            ps.setInt(1, OutboxEntry.TELEMETRY);
            if (ps.executeUpdate() == 1) {
                evicted++;
                size--;
                return true;
            }
        }
        // Nothing evictable: alarms and events are still taken beyond capacity, telemetry is not.
        return !newcomerIsTelemetry;
    }

    private int count() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public synchronized List<OutboxEntry> due(Instant now, int max) {
        return select("WHERE due_at <= ? ORDER BY rank, created_at LIMIT ?", now.toEpochMilli(), max);
    }

    @Override
    public synchronized List<OutboxEntry> heldBelow(int rank) {
        return select("WHERE rank < ? ORDER BY created_at LIMIT ?", rank, Integer.MAX_VALUE);
    }

    private List<OutboxEntry> select(String where, long first, int second) {
        List<OutboxEntry> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT id, seq, rank, topic, payload, created_at, attempts, "
                + "due_at FROM outbox " + where)) {
            ps.setLong(1, first);
            ps.setInt(2, second);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxEntry(MessageId.of(rs.getString(1)), rs.getLong(2), rs.getInt(3),
                            rs.getString(4), rs.getBytes(5), Instant.ofEpochMilli(rs.getLong(6)), rs.getInt(7),
                            Instant.ofEpochMilli(rs.getLong(8))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("outbox: cannot read messages", e);
        }
    }

    @Override
    public synchronized void attempted(MessageId id, Instant retryAt) {
        update("UPDATE outbox SET attempts = attempts + 1, due_at = ? WHERE id = ?", retryAt.toEpochMilli(), id.value());
    }

    @Override
    public synchronized int confirm(Collection<MessageId> ids) {
        int n = 0;
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
            for (MessageId id : ids) {
                ps.setString(1, id.value());
                n += ps.executeUpdate();
            }
            size -= n;
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("outbox: cannot confirm", e);
        }
    }

    @Override
    public synchronized void retryAllAt(Instant when) {
        update("UPDATE outbox SET due_at = ? WHERE due_at > ?", when.toEpochMilli(), when.toEpochMilli());
    }

    @Override
    public synchronized int depth() {
        return size;
    }

    @Override
    public synchronized Optional<Instant> oldestCreated() {
        return instant("SELECT min(created_at) FROM outbox");
    }

    @Override
    public synchronized long evicted() {
        return evicted;
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // closing is best effort; WAL replays on next open
        }
    }

    private Optional<Instant> instant(String sql) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
        } catch (SQLException e) {
            throw new IllegalStateException("outbox: query failed", e);
        }
    }

    private void update(String sql, long value, Object key) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setLong(1, value);
            ps.setObject(2, key);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("outbox: update failed", e);
        }
    }
}
