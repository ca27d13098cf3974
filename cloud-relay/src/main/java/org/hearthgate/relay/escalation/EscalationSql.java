package org.hearthgate.relay.escalation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.notify.Channel;

/** The SQL the engine, the attend links and resolutions share: the package's tables and a read of V1's alarms. */
final class EscalationSql {
    /** Kinds of notification: a chain step, the final step, "X is on the way", how it ended. */
    static final String STEP = "step";
    static final String FINAL = "final";
    static final String ATTENDING = "attending";
    static final String OUTCOME = "outcome";

    private EscalationSql() {
    }

    /** The row-lock clause that lets several relays on one PostgreSQL claim disjoint work. */
    static String skipLocked(Database db) {
        return db.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /** An alarm as this package needs it, read from the relay store's table (V1). */
    record AlarmRow(String alarmId, String tenant, String hub, String resident, EventCode code, Priority priority,
            AlarmState state, Instant receivedAt, String ackedBy) {
        boolean awaitsSomeone() {
            return state == AlarmState.RAISED || state == AlarmState.RECEIVED;
        }
    }

    static Optional<AlarmRow> alarm(Connection c, String alarmId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT alarm_id, tenant, hub, resident, code, priority, state,"
                + " received_at, acked_by FROM alarms WHERE alarm_id = ?")) {
            ps.setString(1, alarmId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AlarmRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        EventCode.valueOf(rs.getString(5)), Priority.valueOf(rs.getString(6)),
                        AlarmState.valueOf(rs.getString(7)), Instant.ofEpochMilli(rs.getLong(8)), rs.getString(9)));
            }
        }
    }

    /** Appends to the alarm's timeline. */
    static void event(Connection c, String alarmId, Instant at, String kind, String detail, String notificationKey)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO escalation_events(alarm_id, at, kind, detail,"
                + " notification_key) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, alarmId);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, kind);
            ps.setString(4, detail);
            ps.setString(5, notificationKey);
            ps.executeUpdate();
        }
    }

    /** One message to one recipient on one channel, as it is claimed in the store. */
    record Queued(String key, String alarmId, String kind, int pass, int step, String contactId, String name,
            String role, Channel channel, String address, String subject, String body, String data, String status,
            String note) {
        String describe() {
            return channel + " to " + name + (role == null ? "" : " (" + role + ")");
        }
    }

    /** Claims the idempotency key; false when it was claimed before (the message exists, whatever its state). */
    static boolean queue(Connection c, Queued n, Instant now) throws SQLException {
        int inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notifications(notification_key, alarm_id, kind,"
                + " pass, step, contact_id, recipient_name, recipient_role, channel, address, subject, body, data,"
                + " status, attempts, next_attempt_at, last_error, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)"
                + " ON CONFLICT (notification_key) DO NOTHING")) {
            ps.setString(1, n.key());
            ps.setString(2, n.alarmId());
            ps.setString(3, n.kind());
            ps.setInt(4, n.pass());
            ps.setInt(5, n.step());
            ps.setString(6, n.contactId());
            ps.setString(7, n.name());
            ps.setString(8, n.role());
            ps.setString(9, n.channel().name());
            ps.setString(10, n.address());
            ps.setString(11, n.subject());
            ps.setString(12, n.body());
            ps.setString(13, n.data());
            ps.setString(14, n.status());
            ps.setLong(15, now.toEpochMilli());
            ps.setString(16, n.note());
            ps.setLong(17, now.toEpochMilli());
            ps.setLong(18, now.toEpochMilli());
            inserted = ps.executeUpdate();
        }
        if (inserted == 1) {
            event(c, n.alarmId(), now, "notification." + n.status(),
                    n.describe() + (n.note() == null ? "" : ": " + n.note()), n.key());
        }
        return inserted == 1;
    }

    /**
     * Stops the alarm's chain (if it runs) and cancels its step messages not yet sent; true when it was running.
     */
    static boolean stop(Connection c, String alarmId, Instant at, String reason) throws SQLException {
        int stopped;
        try (PreparedStatement ps = c.prepareStatement("UPDATE escalations SET state = 'stopped', ended_at = ?,"
                + " end_reason = ? WHERE alarm_id = ? AND state = 'running'")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, reason);
            ps.setString(3, alarmId);
            stopped = ps.executeUpdate();
        }
        int cancelled;
        try (PreparedStatement ps = c.prepareStatement("UPDATE notifications SET status = 'cancelled', updated_at = ?"
                + " WHERE alarm_id = ? AND status = 'queued' AND kind IN ('" + STEP + "', '" + FINAL + "')")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, alarmId);
            cancelled = ps.executeUpdate();
        }
        if (stopped > 0) {
            event(c, alarmId, at, "escalation.stopped", reason
                    + (cancelled > 0 ? " (" + cancelled + " message(s) not sent)" : ""), null);
        }
        return stopped > 0;
    }

    /** Someone who was told about the alarm by a chain step (the message went out). */
    record Told(String contactId, String name, String role, Channel channel, String address) {
    }

    static List<Told> told(Connection c, String alarmId) throws SQLException {
        List<Told> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT contact_id, recipient_name, recipient_role,"
                + " channel, address FROM notifications WHERE alarm_id = ? AND kind IN ('" + STEP + "', '" + FINAL
                + "') AND status IN ('sent', 'delivered', 'read') ORDER BY contact_id, channel")) {
            ps.setString(1, alarmId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Told(rs.getString(1), rs.getString(2), rs.getString(3),
                            Channel.valueOf(rs.getString(4)), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** True when a chain step has addressed this contact about this alarm (whatever came of it). */
    static boolean addressed(Connection c, String alarmId, String contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM notifications WHERE alarm_id = ?"
                + " AND contact_id = ? AND kind IN ('" + STEP + "', '" + FINAL + "')")) {
            ps.setString(1, alarmId);
            ps.setString(2, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The zone the alarm's chain runs in (the tenant's), or the default before its chain started. */
    static java.time.ZoneId zone(Connection c, String alarmId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT zone FROM escalations WHERE alarm_id = ?")) {
            ps.setString(1, alarmId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.time.ZoneId.of(rs.getString(1)) : PolicySet.DEFAULT_ZONE;
            }
        }
    }

    /** What the contact calls the resident: their own word ("Mum"), else the resident's called name. */
    static String called(org.hearthgate.relay.directory.CircleMember m, String calledName) {
        return m != null && m.residentCalled() != null && !m.residentCalled().isBlank() ? m.residentCalled()
                : calledName;
    }
}
