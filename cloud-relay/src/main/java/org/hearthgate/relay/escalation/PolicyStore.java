package org.hearthgate.relay.escalation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.db.Database;

/**
 * Tenants' policy sets in the database (V4: escalation_tenants, escalation_policies, escalation_choices). A tenant
 * that has none gets {@link PolicySet#builtIn()}.
 */
public final class PolicyStore {
    private final Database db;
    private final Clock clock;

    public PolicyStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Replaces the tenant's whole policy set in one transaction (a set is validated as a whole). */
    public void save(TenantId tenant, PolicySet set) {
        db.inTransaction(c -> {
            for (String table : new String[] {"escalation_choices", "escalation_policies", "escalation_tenants"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE tenant = ?")) {
                    ps.setString(1, tenant.value());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO escalation_tenants(tenant, zone, updated_at) VALUES (?, ?, ?)")) {
                ps.setString(1, tenant.value());
                ps.setString(2, set.zone().getId());
                ps.setLong(3, clock.millis());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO escalation_policies(tenant, name, document) VALUES (?, ?, ?)")) {
                for (EscalationPolicy p : set.policies().values()) {
                    ps.setString(1, tenant.value());
                    ps.setString(2, p.name());
                    ps.setString(3, PolicyFormat.toJson(p));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO escalation_choices(tenant, resident, priority, policy) VALUES (?, ?, ?, ?)")) {
                for (var e : set.byPriority().entrySet()) {
                    insertChoice(ps, tenant, "", e.getKey(), e.getValue());
                }
                for (var r : set.residents().entrySet()) {
                    for (var e : r.getValue().entrySet()) {
                        insertChoice(ps, tenant, r.getKey(), e.getKey(), e.getValue());
                    }
                }
            }
            return null;
        });
    }

    private static void insertChoice(PreparedStatement ps, TenantId tenant, String resident, Priority priority,
            String policy) throws SQLException {
        ps.setString(1, tenant.value());
        ps.setString(2, resident);
        ps.setString(3, priority.name());
        ps.setString(4, policy);
        ps.executeUpdate();
    }

    /** The tenant's saved set, if it has one. */
    public Optional<PolicySet> load(TenantId tenant) {
        return db.read(c -> load(c, tenant.value()));
    }

    /** The set that applies to the tenant: its own, else the built-in one. */
    public PolicySet effective(String tenant, Connection c) throws SQLException {
        return load(c, tenant).orElseGet(PolicySet::builtIn);
    }

    private static Optional<PolicySet> load(Connection c, String tenant) throws SQLException {
        ZoneId zone;
        try (PreparedStatement ps = c.prepareStatement("SELECT zone FROM escalation_tenants WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                zone = ZoneId.of(rs.getString(1));
            }
        }
        Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, document FROM escalation_policies WHERE tenant = ? ORDER BY name")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    policies.put(rs.getString(1), PolicyFormat.parsePolicy(rs.getString(1), rs.getString(2)));
                }
            }
        }
        Map<Priority, String> byPriority = new EnumMap<>(Priority.class);
        Map<String, Map<Priority, String>> residents = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT resident, priority, policy FROM escalation_choices WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Priority p = Priority.valueOf(rs.getString(2));
                    if (rs.getString(1).isEmpty()) {
                        byPriority.put(p, rs.getString(3));
                    } else {
                        residents.computeIfAbsent(rs.getString(1), r -> new EnumMap<>(Priority.class))
                                .put(p, rs.getString(3));
                    }
                }
            }
        }
        return Optional.of(new PolicySet(zone, policies, byPriority, residents));
    }
}
