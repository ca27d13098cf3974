package org.hearthgate.relay.worklist;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.db.Database;

/**
 * Reads open advisory alarms from the relay store's {@code alarms} table (which the store owns and writes; this class
 * only reads it). Tenant, residents, rule, priority and state are all filtered in SQL, oldest first, bounded, so a
 * tenant with thousands of closed alarms costs one indexed read, never a scan in Java.
 */
final class WorklistSql {
    /** At most this many items per answer: a worklist longer than that is worked from the top. */
    static final int MAX = 200;

    /** One open advisory alarm as stored. */
    record Row(AlarmId id, String resident, EventCode code, Priority priority, String state, String summary,
            String dedupKey, Instant raisedAt, Instant receivedAt) {
    }

    private static final String COLUMNS = "alarm_id, resident, code, priority, state, summary, dedup_key,"
            + " raised_at, received_at";
    /**
     * Advisory: the rules of {@link Advisory} (by their keys), their event codes, and never CRITICAL (a plan that
     * makes stage 2 critical has made it the responders'). Open: not resolved, not cancelled.
     */
    private static final String ADVISORY = " code IN ('VITAL_SIGN', 'MISSED_MEASUREMENT') AND priority <> 'CRITICAL'"
            + " AND state NOT IN ('RESOLVED', 'CANCELLED') AND (" + java.util.Arrays.stream(Advisory.values())
                    .map(a -> a.isPrefix() ? "dedup_key LIKE '" + a.key() + "%'" : "dedup_key = '" + a.key() + "'")
                    .collect(Collectors.joining(" OR ")) + ")";

    private final Database db;

    WorklistSql(Database db) {
        this.db = db;
    }

    /**
     * Open advisory alarms of {@code tenant}, oldest received first; {@code residents} null for the whole tenant
     * (an admin), else only theirs (a clinician's circle: none, nothing).
     */
    List<Row> open(TenantId tenant, Set<ResidentId> residents, int max) {
        if (residents != null && residents.isEmpty()) {
            return List.of();
        }
        List<String> ids = residents == null ? List.of() : residents.stream().map(ResidentId::value).sorted().toList();
        String sql = "SELECT " + COLUMNS + " FROM alarms WHERE tenant = ? AND" + ADVISORY
                + (residents == null ? "" : " AND resident IN (" + String.join(", ", ids.stream().map(x -> "?")
                        .toList()) + ")") + " ORDER BY received_at, alarm_id LIMIT ?";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, tenant.value());
                for (String id : ids) {
                    ps.setString(i++, id);
                }
                ps.setInt(i, Math.max(1, Math.min(max, MAX)));
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            }
        });
    }

    /** The alarm if it is an open advisory one of {@code tenant}. */
    Optional<Row> openAdvisory(TenantId tenant, AlarmId alarm) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alarms WHERE alarm_id = ?"
                    + " AND tenant = ? AND" + ADVISORY)) {
                ps.setString(1, alarm.value());
                ps.setString(2, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(AlarmId.of(rs.getString(1)), rs.getString(2), EventCode.valueOf(rs.getString(3)),
                Priority.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)));
    }
}
