package org.hearthgate.relay.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.db.Database;

/**
 * The audit trail in the SQL store. Each row carries the SHA-256 of the previous row's hash and its own fields, so
 * changing, inserting or deleting a row in the middle breaks every hash after it ({@link #verify}). Appends are
 * serialised (an advisory lock on PostgreSQL, the single writer on SQLite), so several relays keep one chain. The
 * tables also refuse UPDATE and DELETE by trigger; the chain is what catches someone who drops the triggers.
 *
 * <p>The chain cannot show rows removed from its end: an IG lead who notes {@link Verification#head} now and then
 * (or has it sent elsewhere) closes that gap.
 */
public final class SqlAuditTrail implements AuditTrail {
    static final String GENESIS = "0".repeat(64);
    /** Any constant: the lock id that serialises appends on PostgreSQL. */
    private static final long APPEND_LOCK = 0x4845_4152_5448L;

    public record Entry(long seq, Instant at, String login, String tenant, String role, String from, String action,
            String resident, String detail, String prevHash, String hash) {
    }

    /** The result of checking the chain: {@code brokenAt} is the first row whose hash does not hold, or -1. */
    public record Verification(long rows, long brokenAt, String reason, String head) {
        public boolean intact() {
            return brokenAt < 0;
        }
    }

    private final Database db;
    private final Clock clock;

    public SqlAuditTrail(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void record(Caller who, String action, ResidentId resident, String detail) {
        record(who.login(), who.tenant().value(), who.role().name(), who.from(), action,
                resident == null ? null : resident.value(), detail);
    }

    /** An entry by the system itself or a command-line tool (no signed-in caller). */
    public void record(String login, String tenant, String role, String from, String action, String resident,
            String detail) {
        long at = clock.millis();
        db.inTransaction(c -> {
            if (db.dialect() == Database.Dialect.POSTGRESQL) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ")");
                }
            }
            long seq = 1;
            String prev = GENESIS;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1")) {
                if (rs.next()) {
                    seq = rs.getLong(1) + 1;
                    prev = rs.getString(2);
                }
            }
            Entry e = new Entry(seq, Instant.ofEpochMilli(at), login, tenant, role, from, action, resident, detail,
                    prev, null);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_trail(seq, at, login, tenant, role, "
                    + "from_addr, action, resident, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                ps.setLong(1, seq);
                ps.setLong(2, at);
                ps.setString(3, login);
                ps.setString(4, tenant);
                ps.setString(5, role);
                ps.setString(6, from);
                ps.setString(7, action);
                ps.setString(8, resident);
                ps.setString(9, detail);
                ps.setString(10, prev);
                ps.setString(11, hash(e));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Who looked at or changed this resident's record, newest first. */
    public List<Entry> about(TenantId tenant, ResidentId resident, int max) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM audit_trail WHERE tenant = ? AND resident = ? ORDER BY seq DESC LIMIT ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, resident.value());
                ps.setInt(3, max);
                return entries(ps);
            }
        });
    }

    /** The latest entries, newest first. */
    public List<Entry> latest(int max) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM audit_trail ORDER BY seq DESC LIMIT ?")) {
                ps.setInt(1, max);
                return entries(ps);
            }
        });
    }

    /** Walks the whole chain in order, in pages, and says where it first fails. */
    public Verification verify() {
        return db.read(c -> {
            String prev = GENESIS;
            long expected = 1;
            long rows = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM audit_trail WHERE seq >= ? ORDER BY seq LIMIT 1000")) {
                while (true) {
                    ps.setLong(1, expected);
                    List<Entry> page = entries(ps);
                    if (page.isEmpty()) {
                        return new Verification(rows, -1, null, prev);
                    }
                    for (Entry e : page) {
                        if (e.seq() != expected) {
                            return new Verification(rows, expected, "row " + expected + " is missing", prev);
                        }
                        if (!e.prevHash().equals(prev)) {
                            return new Verification(rows, e.seq(), "row " + e.seq()
                                    + " does not follow the row before it", prev);
                        }
                        if (!hash(e).equals(e.hash())) {
                            return new Verification(rows, e.seq(), "row " + e.seq() + " was changed", prev);
                        }
                        prev = e.hash();
                        expected++;
                        rows++;
                    }
                }
            }
        });
    }

    private static List<Entry> entries(PreparedStatement ps) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Entry(rs.getLong("seq"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("login"),
                        rs.getString("tenant"), rs.getString("role"), rs.getString("from_addr"),
                        rs.getString("action"), rs.getString("resident"), rs.getString("detail"),
                        rs.getString("prev_hash"), rs.getString("hash")));
            }
        }
        return out;
    }

    /** SHA-256 over the previous hash and every field, each length-prefixed so no two rows encode alike. */
    static String hash(Entry e) {
        StringBuilder b = new StringBuilder();
        for (Object field : new Object[] {e.prevHash(), e.seq(), e.at().toEpochMilli(), e.login(), e.tenant(),
                e.role(), e.from(), e.action(), e.resident(), e.detail()}) {
            String s = field == null ? "" : field.toString();
            b.append(field == null ? -1 : s.length()).append(':').append(s).append(';');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e2) {
            throw new IllegalStateException(e2);
        }
    }
}
