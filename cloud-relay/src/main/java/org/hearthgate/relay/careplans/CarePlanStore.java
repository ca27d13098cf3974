package org.hearthgate.relay.careplans;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.ConfigUpdate;
import org.hearthgate.relay.db.Database;

/**
 * The care plans the cloud holds, on the relay's SQL database (tables of migration V6): every saved version per
 * resident, every push of a version to a hub with the hub's answer, and the digest each hub last reported it runs.
 * Versions are never changed; a push changes once, from PENDING to APPLIED or REFUSED. Portable SQL (SQLite and
 * PostgreSQL); times are epoch ms.
 */
public final class CarePlanStore implements CarePlans {
    /** A version saved now ({@code created}), or the latest one because the text was the same. */
    public record Saved(PlanVersion version, boolean created) {
    }

    /** What a hub last said it runs: a plan's digest, or {@value #DEFAULTS} for the built-in plan. */
    public record Report(HubId hub, String digest, Instant at) {
    }

    /** The digest a hub reports while it runs the built-in defaults. */
    public static final String DEFAULTS = "defaults";
    private static final String PUSH_COLUMNS = "id, resident, version, digest, hub, pushed_by, pushed_at, state, "
            + "answered_at, reason";
    /** Parsed plans by digest: planOf runs for every chart; parsing is the hub's full validation. */
    private static final int PARSED_KEPT = 256;

    private final Database db;
    private final Map<String, CarePlan> parsed = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CarePlan> eldest) {
                    return size() > PARSED_KEPT;
                }
            });
    private final CarePlan defaults = CarePlan.defaults();

    public CarePlanStore(Database db) {
        this.db = db;
    }

    @Override
    public CarePlan planOf(TenantId tenant, ResidentId resident) {
        Optional<PlanVersion> latest = latest(tenant, resident);
        if (latest.isEmpty()) {
            return defaults;
        }
        PlanVersion v = latest.get();
        // Stored only after validation with the same parser, so this parses; a parser that has since grown
        // stricter would throw here, which is a 500 for that chart, never a silently different limit.
        return parsed.computeIfAbsent(v.digest(), d -> CarePlan.parse(v.yaml()));
    }

    // ---- versions

    public Optional<PlanVersion> latest(TenantId tenant, ResidentId resident) {
        return db.read(c -> latest(c, tenant, resident));
    }

    public Optional<PlanVersion> version(TenantId tenant, ResidentId resident, int version) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version, yaml, digest, author, created_at, note "
                    + "FROM care_plan_versions WHERE tenant = ? AND resident = ? AND version = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, resident.value());
                ps.setInt(3, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(version(rs, true)) : Optional.empty();
                }
            }
        });
    }

    /** The newest {@code limit} versions, newest first, without their text. */
    public List<PlanVersion> versions(TenantId tenant, ResidentId resident, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version, digest, author, created_at, note "
                    + "FROM care_plan_versions WHERE tenant = ? AND resident = ? ORDER BY version DESC LIMIT ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, resident.value());
                ps.setInt(3, limit);
                List<PlanVersion> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(version(rs, false));
                    }
                }
                return out;
            }
        });
    }

    /** The newest version of the resident's plan with this digest (what a hub reports), if the cloud has one. */
    public Optional<Integer> versionWithDigest(TenantId tenant, ResidentId resident, String digest) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM care_plan_versions "
                    + "WHERE tenant = ? AND resident = ? AND digest = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, resident.value());
                ps.setString(3, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    int v = rs.next() ? rs.getInt(1) : 0;
                    return v > 0 ? Optional.of(v) : Optional.empty();
                }
            }
        });
    }

    /**
     * Saves {@code yaml} (already validated) as the resident's next version, unless it is the latest version's text
     * already. Two editors saving at once both get a version: the loser of the race on the number tries again.
     */
    public Saved save(TenantId tenant, ResidentId resident, String yaml, String author, String note, Instant at) {
        String digest = ConfigUpdate.carePlanDigest(yaml);
        for (int attempt = 1; ; attempt++) {
            try {
                return db.inTransaction(c -> {
                    Optional<PlanVersion> latest = latest(c, tenant, resident);
                    if (latest.isPresent() && latest.get().digest().equals(digest)) {
                        return new Saved(latest.get(), false);
                    }
                    int next = latest.map(v -> v.version() + 1).orElse(1);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO care_plan_versions(tenant, resident, "
                            + "version, yaml, digest, author, created_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                        ps.setString(1, tenant.value());
                        ps.setString(2, resident.value());
                        ps.setInt(3, next);
                        ps.setString(4, yaml);
                        ps.setString(5, digest);
                        ps.setString(6, author);
                        ps.setLong(7, at.toEpochMilli());
                        ps.setString(8, note);
                        ps.executeUpdate();
                    }
                    return new Saved(new PlanVersion(next, yaml, digest, author, at, note), true);
                });
            } catch (Database.DataAccessException e) {
                if (attempt >= 8 || !(e.getCause() instanceof SQLException q) || !"23505".equals(q.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    private static Optional<PlanVersion> latest(Connection c, TenantId tenant, ResidentId resident)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, yaml, digest, author, created_at, note "
                + "FROM care_plan_versions WHERE tenant = ? AND resident = ? ORDER BY version DESC LIMIT 1")) {
            ps.setString(1, tenant.value());
            ps.setString(2, resident.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(rs, true)) : Optional.empty();
            }
        }
    }

    private static PlanVersion version(ResultSet rs, boolean withText) throws SQLException {
        return new PlanVersion(rs.getInt("version"), withText ? rs.getString("yaml") : null, rs.getString("digest"),
                rs.getString("author"), Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("note"));
    }

    // ---- pushes

    /** Records that {@code version} was sent to {@code hub}: PENDING until the hub answers. */
    public Push recordPush(TenantId tenant, ResidentId resident, PlanVersion version, HubId hub, String by,
            Instant at) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO care_plan_pushes(tenant, resident, version, "
                    + "digest, hub, pushed_by, pushed_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, tenant.value());
                ps.setString(2, resident.value());
                ps.setInt(3, version.version());
                ps.setString(4, version.digest());
                ps.setString(5, hub.value());
                ps.setString(6, by);
                ps.setLong(7, at.toEpochMilli());
                ps.setString(8, Push.State.PENDING.name());
                long id;
                try (ResultSet keys = ps.executeQuery()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                return new Push(id, resident, version.version(), version.digest(), hub, by, at, Push.State.PENDING,
                        null, null);
            }
        });
    }

    /** Forgets a push the broker never took (nothing reached the hub, so there is nothing to wait for). */
    public void forgetPush(TenantId tenant, long id) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM care_plan_pushes WHERE tenant = ? AND id = ? "
                    + "AND state = ?")) {
                ps.setString(1, tenant.value());
                ps.setLong(2, id);
                ps.setString(3, Push.State.PENDING.name());
                return ps.executeUpdate();
            }
        });
    }

    /** The resident's latest push to this hub. */
    public Optional<Push> latestPush(TenantId tenant, ResidentId resident, HubId hub) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PUSH_COLUMNS + " FROM care_plan_pushes "
                    + "WHERE tenant = ? AND resident = ? AND hub = ? ORDER BY pushed_at DESC, id DESC LIMIT 1")) {
                ps.setString(1, tenant.value());
                ps.setString(2, resident.value());
                ps.setString(3, hub.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(push(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The resident's latest push, whichever hub it went to. */
    public Optional<Push> latestPush(TenantId tenant, ResidentId resident) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PUSH_COLUMNS + " FROM care_plan_pushes "
                    + "WHERE tenant = ? AND resident = ? ORDER BY pushed_at DESC, id DESC LIMIT 1")) {
                ps.setString(1, tenant.value());
                ps.setString(2, resident.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(push(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * The hub runs the plan with this digest: its pending pushes of that digest become APPLIED. Pushes of other
     * digests stay as they are (an older push the hub never confirmed is not confirmed by a newer one). Idempotent:
     * only pending pushes change; returns those that did.
     */
    public List<Push> applied(TenantId tenant, HubId hub, String digest, Instant at) {
        return answer(tenant, hub, "digest = ?", digest, Push.State.APPLIED, null, at);
    }

    /**
     * The hub refused the plan whose digest starts with {@code digestPrefix} (the hub names 12 hex digits): its
     * pending pushes of such a digest become REFUSED with the hub's reason. Idempotent; returns those that changed.
     */
    public List<Push> refused(TenantId tenant, HubId hub, String digestPrefix, String reason, Instant at) {
        if (!digestPrefix.matches("[0-9a-f]{1,64}")) {
            return List.of(); // never a LIKE pattern from the wire
        }
        return answer(tenant, hub, "digest LIKE ?", digestPrefix + "%", Push.State.REFUSED, reason, at);
    }

    private List<Push> answer(TenantId tenant, HubId hub, String match, String value, Push.State state,
            String reason, Instant at) {
        return db.inTransaction(c -> {
            List<Push> pending = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PUSH_COLUMNS + " FROM care_plan_pushes "
                    + "WHERE tenant = ? AND hub = ? AND state = ? AND " + match)) {
                ps.setString(1, tenant.value());
                ps.setString(2, hub.value());
                ps.setString(3, Push.State.PENDING.name());
                ps.setString(4, value);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pending.add(push(rs));
                    }
                }
            }
            List<Push> out = new ArrayList<>();
            for (Push p : pending) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE care_plan_pushes SET state = ?, "
                        + "answered_at = ?, reason = ? WHERE id = ? AND state = ?")) {
                    ps.setString(1, state.name());
                    ps.setLong(2, at.toEpochMilli());
                    if (reason == null) {
                        ps.setNull(3, Types.VARCHAR);
                    } else {
                        ps.setString(3, reason);
                    }
                    ps.setLong(4, p.id());
                    ps.setString(5, Push.State.PENDING.name());
                    if (ps.executeUpdate() == 1) {
                        out.add(new Push(p.id(), p.resident(), p.version(), p.digest(), p.hub(), p.pushedBy(),
                                p.pushedAt(), state, at, reason));
                    }
                }
            }
            return out;
        });
    }

    private static Push push(ResultSet rs) throws SQLException {
        long answered = rs.getLong("answered_at");
        boolean unanswered = rs.wasNull();
        return new Push(rs.getLong("id"), ResidentId.of(rs.getString("resident")), rs.getInt("version"),
                rs.getString("digest"), HubId.of(rs.getString("hub")), rs.getString("pushed_by"),
                Instant.ofEpochMilli(rs.getLong("pushed_at")), Push.State.valueOf(rs.getString("state")),
                unanswered ? null : Instant.ofEpochMilli(answered), rs.getString("reason"));
    }

    // ---- what hubs report

    /** Keeps the digest {@code hub} says it runs; returns true when it differs from the one kept before. */
    public boolean report(TenantId tenant, HubId hub, String digest, Instant at) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE care_plan_reports SET digest = ?, reported_at = ? "
                    + "WHERE tenant = ? AND hub = ? AND digest <> ?")) {
                ps.setString(1, digest);
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, tenant.value());
                ps.setString(4, hub.value());
                ps.setString(5, digest);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO care_plan_reports(tenant, hub, digest, "
                    + "reported_at) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, hub) DO NOTHING")) {
                ps.setString(1, tenant.value());
                ps.setString(2, hub.value());
                ps.setString(3, digest);
                ps.setLong(4, at.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** What {@code hub} last said it runs, and since when. */
    public Optional<Report> reported(TenantId tenant, HubId hub) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT digest, reported_at FROM care_plan_reports "
                    + "WHERE tenant = ? AND hub = ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, hub.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Report(hub, rs.getString(1),
                            Instant.ofEpochMilli(rs.getLong(2)))) : Optional.empty();
                }
            }
        });
    }
}
