package org.hearthgate.relay.readings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable local spool of readings InfluxDB has not taken yet: InfluxDB line-protocol lines in one SQLite file
 * (WAL, synchronous=FULL, so an append has reached the disk when it returns), kept in arrival order and deleted only
 * once InfluxDB has them. Lines InfluxDB refuses for good (a 4xx) move to a {@code refused} table for an operator,
 * so one bad line never blocks the rest. The file is created 0600 in a 0700 folder: it holds health data.
 * Synchronized: the store's flusher appends while its drainer reads and deletes.
 */
final class ReadingSpool implements AutoCloseable {

    /** One spooled line and its place in the queue. */
    record Entry(long id, String line) {
    }

    private final Connection db;
    private long size;

    ReadingSpool(Path dir) {
        try {
            Files.createDirectories(dir);
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            Path file = dir.resolve("readings-spool.db");
            if (!Files.exists(file)) {
                Files.createFile(file);
                if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS spool(id INTEGER PRIMARY KEY AUTOINCREMENT, line TEXT NOT NULL)");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS refused(id INTEGER PRIMARY KEY AUTOINCREMENT, line TEXT NOT NULL,
                          reason TEXT NOT NULL, at INTEGER NOT NULL)""");
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM spool")) {
                    size = rs.next() ? rs.getLong(1) : 0;
                }
            }
            db.setAutoCommit(false);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot open the readings spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Appends lines in one transaction; durable when it returns. */
    synchronized void append(List<String> lines) {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO spool(line) VALUES(?)")) {
            for (String line : lines) {
                ps.setString(1, line);
                ps.addBatch();
            }
            ps.executeBatch();
            db.commit();
            size += lines.size();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("readings spool: append failed: " + e.getMessage(), e);
        }
    }

    /** The oldest lines, at most {@code max}. */
    synchronized List<Entry> oldest(int max) {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT id, line FROM spool ORDER BY id LIMIT ?")) {
            ps.setInt(1, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getString(2)));
                }
            }
            db.commit();
            return out;
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("readings spool: read failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the given entries (InfluxDB has them). */
    synchronized void delete(List<Entry> entries) {
        move(entries, null, 0);
    }

    /** Moves entries InfluxDB refused for good out of the queue, keeping them with the reason. */
    synchronized void refuse(List<Entry> entries, String reason, long atMillis) {
        move(entries, reason, atMillis);
    }

    private void move(List<Entry> entries, String reason, long atMillis) {
        try (PreparedStatement del = db.prepareStatement("DELETE FROM spool WHERE id = ?");
                PreparedStatement keep = db.prepareStatement("INSERT INTO refused(line, reason, at) VALUES(?,?,?)")) {
            for (Entry e : entries) {
                if (reason != null) {
                    keep.setString(1, e.line());
                    keep.setString(2, reason);
                    keep.setLong(3, atMillis);
                    keep.addBatch();
                }
                del.setLong(1, e.id());
                del.addBatch();
            }
            if (reason != null) {
                keep.executeBatch();
            }
            int[] gone = del.executeBatch();
            db.commit();
            for (int g : gone) {
                size -= Math.max(0, g);
            }
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("readings spool: delete failed: " + e.getMessage(), e);
        }
    }

    synchronized long size() {
        return size;
    }

    synchronized long refusedCount() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM refused")) {
            long n = rs.next() ? rs.getLong(1) : 0;
            db.commit();
            return n;
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("readings spool: count failed: " + e.getMessage(), e);
        }
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do
        }
    }
}
