package org.hearthgate.relay.readings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.contract.wire.WireTypes;

/**
 * Trends over the relay store's SQL {@code readings} table (the embedded default, where readings are written inside
 * the ingest transaction; this class only reads). The rows are read in time order through the
 * {@code (resident, kind, at)} index and summarised per epoch-aligned bucket of {@code at}, exactly as InfluxDB's
 * {@code GROUP BY time()} does; the values come from the stored observation JSON, in the same canonical units as in
 * InfluxDB ({@link StoredReading}), so both stores draw the same chart. Plain JDBC: SQLite and PostgreSQL alike.
 */
public final class SqlReadingStore implements Trends {
    private final DataSource dataSource;
    private final WireCodec codec = new WireCodec();

    public SqlReadingStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Trend trend(TenantId tenant, ResidentId resident, String type, Instant from, Instant to, int maxPoints) {
        if (!WireTypes.OBSERVATIONS.containsValue(type)) {
            throw new IllegalArgumentException("type: unknown observation kind '" + type + "'");
        }
        Duration bucket = Trends.bucketFor(from, to, maxPoints);
        long b = bucket.toMillis();
        Map<Long, Map<String, Accumulator>> buckets = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT hub, at, payload FROM readings WHERE resident = ? "
                        + "AND kind = ? AND at >= ? AND at < ? AND tenant = ? ORDER BY at")) {
            ps.setString(1, resident.value());
            ps.setString(2, type);
            ps.setLong(3, from.toEpochMilli());
            ps.setLong(4, to.toEpochMilli());
            ps.setString(5, tenant.value());
            ps.setFetchSize(1_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long at = rs.getLong(2);
                    StoredReading r = StoredReading.of(tenant, HubId.of(rs.getString(1)),
                            new Reading(resident, codec.decodeObservation(rs.getString(3))), Instant.ofEpochMilli(at));
                    Map<String, Accumulator> fields = buckets.computeIfAbsent(Math.floorDiv(at, b) * b,
                            k -> new LinkedHashMap<>());
                    r.values().forEach((f, v) -> fields.computeIfAbsent(f, k -> new Accumulator()).add(v));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("readings trend query failed: " + e.getMessage(), e);
        }
        List<Point> points = new ArrayList<>(buckets.size());
        List<String> order = StoredReading.fieldsOf(type);
        buckets.forEach((start, fields) -> {
            Map<String, Summary> summaries = new LinkedHashMap<>();
            for (String f : order) {
                Accumulator a = fields.get(f);
                if (a != null) {
                    summaries.put(f, a.summary());
                }
            }
            points.add(new Point(Instant.ofEpochMilli(start), summaries));
        });
        return new Trend(type, StoredReading.unitOf(type), bucket, points);
    }

    @Override
    public java.util.Optional<StoredReading> latest(TenantId tenant, ResidentId resident, java.util.Set<String> types,
            Instant until) {
        StoredReading newest = null;
        // One query per type, each "ORDER BY at DESC LIMIT 1" down the (resident, kind, at) index.
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT hub, at, payload FROM readings WHERE resident = ? "
                        + "AND kind = ? AND at <= ? AND tenant = ? ORDER BY at DESC LIMIT 1")) {
            for (String type : types) {
                if (!WireTypes.OBSERVATIONS.containsValue(type)) {
                    throw new IllegalArgumentException("type: unknown observation kind '" + type + "'");
                }
                ps.setString(1, resident.value());
                ps.setString(2, type);
                ps.setLong(3, until.toEpochMilli());
                ps.setString(4, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long at = rs.getLong(2);
                        if (newest == null || at > newest.at().toEpochMilli()) {
                            newest = StoredReading.of(tenant, HubId.of(rs.getString(1)), new Reading(resident,
                                    codec.decodeObservation(rs.getString(3))), Instant.ofEpochMilli(at));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("latest reading query failed: " + e.getMessage(), e);
        }
        return java.util.Optional.ofNullable(newest);
    }

    private static final class Accumulator {
        private double sum;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private long count;

        void add(double v) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            count++;
        }

        Summary summary() {
            return new Summary(sum / count, min, max, count);
        }
    }
}
