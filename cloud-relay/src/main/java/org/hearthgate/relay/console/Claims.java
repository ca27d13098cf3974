package org.hearthgate.relay.console;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.db.Database;

/**
 * Who has taken an open alarm. The first claim wins in the database (a primary key, not a check-then-insert), so two
 * responders on two relay instances cannot both take the same call; a claim is advisory for acknowledging (an
 * acknowledgement is never blocked: a claimant who walked away must not hold an alarm hostage).
 */
public final class Claims {
    /** {@code login} took {@code alarm} at {@code at}. */
    public record Claim(String alarm, String login, Instant at) {
    }

    private final Database db;

    public Claims(Database db) {
        this.db = db;
    }

    /** Claims the alarm for {@code login} unless someone has it already; returns whoever holds it afterwards. */
    public Claim claim(TenantId tenant, AlarmId alarm, String login, Instant at) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO console_claim(tenant, alarm_id, login, "
                    + "claimed_at) VALUES (?,?,?,?) ON CONFLICT (tenant, alarm_id) DO NOTHING")) {
                ps.setString(1, tenant.value());
                ps.setString(2, alarm.value());
                ps.setString(3, login);
                ps.setLong(4, at.toEpochMilli());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT login, claimed_at FROM console_claim WHERE tenant = ? AND alarm_id = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, alarm.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Claim(alarm.value(), rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)));
                }
            }
        });
    }

    /** The alarm is closed: nobody holds it any more. */
    public void release(TenantId tenant, AlarmId alarm) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM console_claim WHERE tenant = ? AND alarm_id = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, alarm.value());
                return ps.executeUpdate();
            }
        });
    }

    /** The tenant's claims by alarm id (only open alarms have one, so this stays small). */
    public Map<String, Claim> of(TenantId tenant) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT alarm_id, login, claimed_at FROM console_claim WHERE tenant = ?")) {
                ps.setString(1, tenant.value());
                Map<String, Claim> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Claim(rs.getString(1), rs.getString(2),
                                Instant.ofEpochMilli(rs.getLong(3))));
                    }
                }
                return out;
            }
        });
    }
}
