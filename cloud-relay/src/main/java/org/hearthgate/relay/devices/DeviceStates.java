package org.hearthgate.relay.devices;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.MainsPower;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.contract.wire.WireTypes;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.store.RelayStore.Inbound;

/**
 * What the cloud last heard from each device (table {@code device_state}, V7), fed by the ingest's stored batches
 * ({@code Ingest.onStored}). A batch is folded in memory to one row per device and written by one batch of upserts
 * in one transaction, so the cost per reading is a map entry, not a statement. Every value moves only forward with
 * its own time (newer wins), so a redelivered or late older message changes nothing, and the same batch twice is
 * the same state.
 */
public final class DeviceStates {
    /** One device's row: times in epoch ms, null when never reported. */
    public record Row(String tenant, String hub, String device, String kind, String room, Long seenAt,
            long receivedAt, Double battery, Long batteryAt, Long missingAt, Long restoredAt, Long lowAt,
            Long faultAt, String faultDetail, Long okAt) {
    }

    /**
     * A pulse comes with many other readings (a cuff's, an oximeter's): it names the device only when nothing else
     * has.
     */
    static final String SECONDARY = "heartRate";
    private static final String UPSERT = "INSERT INTO device_state(tenant, hub, device, kind, room, seen_at, "
            + "received_at, battery, battery_at, missing_at, restored_at, low_at, fault_at, fault_detail, ok_at) "
            + "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(tenant, hub, device) DO UPDATE SET "
            + "kind = CASE WHEN excluded.kind IS NULL OR (excluded.kind = '" + SECONDARY + "' AND device_state.kind "
            + "IS NOT NULL) THEN device_state.kind ELSE excluded.kind END, "
            + "room = coalesce(excluded.room, device_state.room), "
            + newer("seen_at", "seen_at") + ", " + newer("received_at", "received_at") + ", "
            + newer("battery_at", "battery") + ", " + newer("battery_at", "battery_at") + ", "
            + newer("missing_at", "missing_at") + ", " + newer("restored_at", "restored_at") + ", "
            + newer("low_at", "low_at") + ", " + newer("fault_at", "fault_detail") + ", "
            + newer("fault_at", "fault_at") + ", " + newer("ok_at", "ok_at");
    private static final String COLUMNS = "tenant, hub, device, kind, room, seen_at, received_at, battery, "
            + "battery_at, missing_at, restored_at, low_at, fault_at, fault_detail, ok_at";

    /** {@code column} takes the incoming value only when the incoming {@code time} is newer than the stored one. */
    private static String newer(String time, String column) {
        return column + " = CASE WHEN excluded." + time + " IS NOT NULL AND (device_state." + time + " IS NULL OR "
                + "excluded." + time + " > device_state." + time + ") THEN excluded." + column + " ELSE device_state."
                + column + " END";
    }

    private final Database db;

    public DeviceStates(Database db) {
        this.db = db;
    }

    /**
     * Takes in one stored batch (the ingest's observer): one upsert per device named in it, all in one JDBC batch and
     * one transaction, in key order (two relays lock rows in the same order).
     */
    public void record(List<Inbound> batch) {
        Map<String, Fold> folds = fold(batch);
        if (folds.isEmpty()) {
            return;
        }
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (Fold f : folds.values()) {
                    f.bind(ps);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** The batch as one fold per (tenant, hub, device), sorted by that key. Package-private for tests. */
    static Map<String, Fold> fold(List<Inbound> batch) {
        Map<String, Fold> folds = new TreeMap<>();
        for (Inbound in : batch) {
            Message m = in.message();
            long received = in.receivedAt().toEpochMilli();
            switch (m.body()) {
                case Reading r -> {
                    Observation o = r.observation();
                    if (o instanceof MainsPower) {
                        continue; // the hub's own mains monitor speaks only on change: silence is not missing
                    }
                    Fold f = at(folds, in, o.device().value(), received);
                    // When the hub heard it: a cuff replaying stored records was still heard now.
                    long heard = (r.receivedAt() != null ? r.receivedAt() : m.at()).toEpochMilli();
                    switch (o) {
                        case BatteryLevel b -> {
                            f.seen(heard);
                            f.battery(b.level().value(), b.at().toEpochMilli());
                        }
                        case DeviceStatus s -> status(f, s, heard);
                        default -> {
                            f.seen(heard);
                            f.kind(WireTypes.OBSERVATIONS.get(o.getClass()));
                            if (o instanceof Motion motion && motion.room() != null) {
                                f.room = motion.room();
                            }
                        }
                    }
                }
                case Event e when e.device() != null -> {
                    Fold f = at(folds, in, e.device().value(), received);
                    long at = m.at().toEpochMilli();
                    switch (e.code()) {
                        // the hub says it has NOT heard the device: no "seen" from this one
                        case SENSOR_MISSING -> f.missingAt = max(f.missingAt, at);
                        case SENSOR_RESTORED -> {
                            f.seen(at);
                            f.restoredAt = max(f.restoredAt, at);
                            f.okAt = max(f.okAt, at);
                        }
                        case BATTERY_LOW -> f.lowAt = max(f.lowAt, at);
                        case DEVICE_FAULT -> f.fault(at, e.detail());
                        default -> {
                        }
                    }
                }
                case AlarmRaised a when a.trigger() != null && a.trigger().device() != null
                        && !(a.trigger() instanceof MainsPower) -> {
                    // A pendant press, a fall, a pull cord: the device that raised it spoke.
                    Fold f = at(folds, in, a.trigger().device().value(), received);
                    f.seen(m.at().toEpochMilli());
                    f.kind(WireTypes.OBSERVATIONS.get(a.trigger().getClass()));
                }
                default -> {
                }
            }
        }
        return folds;
    }

    private static void status(Fold f, DeviceStatus s, long heard) {
        long at = s.at().toEpochMilli();
        switch (s.state()) {
            case ONLINE -> {
                f.seen(heard);
                f.okAt = max(f.okAt, at);
            }
            // a bridge reporting the device offline has not heard the device itself
            case OFFLINE -> {
            }
            case ERROR, TAMPERED, NOT_WORN -> {
                f.seen(heard);
                f.fault(at, s.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + (s.detail() == null ? "" : ": " + s.detail()));
            }
        }
    }

    private static Fold at(Map<String, Fold> folds, Inbound in, String device, long received) {
        Fold f = folds.computeIfAbsent(in.tenant().value() + "\u0000" + in.message().hub().value() + "\u0000" + device,
                k -> new Fold(in.tenant().value(), in.message().hub().value(), device));
        f.receivedAt = Math.max(f.receivedAt, received);
        return f;
    }

    private static Long max(Long a, long b) {
        return a == null || b > a ? b : a;
    }

    /** One device's news in one batch. */
    static final class Fold {
        final String tenant;
        final String hub;
        final String device;
        String kind;
        String room;
        Long seenAt;
        long receivedAt = Long.MIN_VALUE;
        Double battery;
        Long batteryAt;
        Long missingAt;
        Long restoredAt;
        Long lowAt;
        Long faultAt;
        String faultDetail;
        Long okAt;

        Fold(String tenant, String hub, String device) {
            this.tenant = tenant;
            this.hub = hub;
            this.device = device;
        }

        void seen(long at) {
            seenAt = max(seenAt, at);
        }

        void kind(String k) {
            if (k != null && (kind == null || !k.equals(SECONDARY))) {
                kind = k;
            }
        }

        void battery(double level, long at) {
            if (batteryAt == null || at > batteryAt) {
                battery = level;
                batteryAt = at;
            }
        }

        void fault(long at, String detail) {
            if (faultAt == null || at > faultAt) {
                faultAt = at;
                faultDetail = detail == null ? null : detail.length() <= 200 ? detail : detail.substring(0, 200);
            }
        }

        void bind(PreparedStatement ps) throws SQLException {
            ps.setString(1, tenant);
            ps.setString(2, hub);
            ps.setString(3, device);
            ps.setString(4, kind);
            ps.setString(5, room);
            setLong(ps, 6, seenAt);
            ps.setLong(7, receivedAt);
            if (battery == null) {
                ps.setNull(8, Types.DOUBLE);
            } else {
                ps.setDouble(8, battery);
            }
            setLong(ps, 9, batteryAt);
            setLong(ps, 10, missingAt);
            setLong(ps, 11, restoredAt);
            setLong(ps, 12, lowAt);
            setLong(ps, 13, faultAt);
            ps.setString(14, faultDetail);
            setLong(ps, 15, okAt);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    /** Every device of the tenant heard of (one query; the health overview's bounded set). */
    public List<Row> of(TenantId tenant) {
        return db.read(c -> rows(c, "SELECT " + COLUMNS + " FROM device_state WHERE tenant = ? ORDER BY hub, device",
                tenant.value()));
    }

    /** The devices of some hubs of the tenant (a resident's card). */
    public List<Row> of(TenantId tenant, Collection<HubId> hubs) {
        List<Row> out = new ArrayList<>();
        for (HubId h : hubs) {
            out.addAll(db.read(c -> rows(c, "SELECT " + COLUMNS + " FROM device_state WHERE tenant = ? AND hub = ? "
                    + "ORDER BY device", tenant.value(), h.value())));
        }
        return out;
    }

    private static List<Row> rows(Connection c, String sql, String... params) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double battery = rs.getDouble(8);
                    Double b = rs.wasNull() ? null : battery;
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), num(rs, 6), rs.getLong(7), b, num(rs, 9), num(rs, 10), num(rs, 11),
                            num(rs, 12), num(rs, 13), rs.getString(14), num(rs, 15)));
                }
            }
        }
        return out;
    }

    private static Long num(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    static Instant instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }
}
