package org.hearthgate.relay.readings;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.WireTypes;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readings in InfluxDB 1.x over its HTTP API (docs/readings-schema.md), with a durable local spool.
 *
 * <ul>
 * <li><b>Batched</b> by size and time: one flusher thread gathers what callers submit, up to {@code maxBatch} points
 * or for {@code linger} after the first, and writes them in one HTTP request.</li>
 * <li><b>Durable before done</b>: a submission completes once InfluxDB has answered 204, or, when InfluxDB is down,
 * slow (no answer within {@code timeout}) or still has a backlog to catch up on, once its points are in the local
 * spool (SQLite, fsync). So a relay acknowledges a reading only when it cannot be lost.</li>
 * <li><b>Retried with backoff</b>: a drainer thread sends the spool to InfluxDB oldest first, deletes what InfluxDB
 * took, and backs off (0.2 s doubling to 30 s) while it cannot. While the spool holds anything, new points join its
 * end, so the spool drains in arrival order. A line InfluxDB refuses for good (4xx) moves aside with its reason and
 * an operator alert, so one bad line never blocks the queue.</li>
 * <li><b>Back-pressured</b>: at most {@code maxPending} points wait for the flusher; a caller beyond that blocks.</li>
 * <li><b>Idempotent</b>: a point's identity is measurement + tags + ms timestamp, all taken from the reading, so a
 * redelivered reading (or a spool line sent twice after a crash) overwrites the same point.</li>
 * </ul>
 * The database and its retention policy are created (or the policy's duration updated) when InfluxDB is first
 * reachable; until then everything goes to the spool.
 */
public final class InfluxReadingStore implements ReadingStore {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxReadingStore.class);

    /**
     * @param url         e.g. {@code http://127.0.0.1:8086}
     * @param username    null when InfluxDB runs without authentication
     * @param retention   how long InfluxDB keeps readings (the retention policy's duration, at least one day)
     * @param retentionPolicy the policy's name; it is made the database's default
     * @param spool       the folder of the local spool
     * @param maxBatch    points per HTTP write
     * @param linger      how long the flusher waits for more points before writing a partial batch
     * @param maxPending  points waiting for the flusher before callers block
     * @param timeout     how long one write may take before its points go to the spool instead
     */
    public record Settings(String url, String database, String username, String password, Duration retention,
            String retentionPolicy, Path spool, int maxBatch, Duration linger, int maxPending, Duration timeout) {
        public Settings {
            Require.present(url, "url");
            if (!url.matches("https?://.+")) {
                throw new IllegalArgumentException("url: '" + url + "' must start with http:// or https://");
            }
            database = database == null ? "hearthgate" : database;
            retention = retention == null ? Duration.ofDays(5 * 365) : retention;
            if (retention.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("retentionDays: at least 1");
            }
            retentionPolicy = retentionPolicy == null ? "readings" : retentionPolicy;
            Require.present(spool, "spool");
            maxBatch = maxBatch <= 0 ? 5_000 : maxBatch;
            linger = linger == null ? Duration.ofMillis(5) : linger;
            maxPending = maxPending <= 0 ? 20_000 : maxPending;
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
            for (String name : List.of(database, retentionPolicy)) {
                if (!name.matches("[A-Za-z0-9_\\-]{1,64}")) {
                    throw new IllegalArgumentException("database: '" + name + "' use letters, digits, _ and -");
                }
            }
        }

        public static Settings of(String url, String database, Path spool) {
            return new Settings(url, database, null, null, null, null, spool, 0, null, 0, null);
        }

        public Settings withRetention(Duration r) {
            return new Settings(url, database, username, password, r, retentionPolicy, spool, maxBatch, linger,
                    maxPending, timeout);
        }

        public Settings withTimeout(Duration t) {
            return new Settings(url, database, username, password, retention, retentionPolicy, spool, maxBatch,
                    linger, maxPending, t);
        }
    }

    /** What the store has done so far, for metrics and tests. */
    public record Stats(long written, long writes, long spooled, long drained, long refused, long spoolSize,
            boolean influxUp) {
    }

    private record Pending(List<String> lines, CompletableFuture<Void> done, int permits) {
    }

    private final Settings settings;
    private final Clock clock;
    private final InfluxDB influx;
    private final ReadingSpool spool;
    private final BlockingQueue<Pending> queue;
    private final Semaphore room;
    private final Thread flusher;
    private final Thread drainer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean schemaReady;
    /** False from a failed write until the drainer has emptied the spool: meanwhile new points go to the spool. */
    private volatile boolean influxUp = true;

    public InfluxReadingStore(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .writeTimeout(settings.timeout())
                .retryOnConnectionFailure(false);
        this.influx = settings.username() == null
                ? InfluxDBFactory.connect(settings.url(), http)
                : InfluxDBFactory.connect(settings.url(), settings.username(),
                        settings.password() == null ? "" : settings.password(), http);
        this.spool = new ReadingSpool(settings.spool());
        this.queue = new ArrayBlockingQueue<>(settings.maxPending());
        this.room = new Semaphore(settings.maxPending());
        if (spool.size() > 0) {
            LOG.info("readings spool holds {} point(s) from before; draining them to InfluxDB", spool.size());
            influxUp = false;
        }
        try {
            ensureSchema();
        } catch (RuntimeException e) {
            LOG.warn("InfluxDB not reachable at start ({}); readings go to the local spool until it is",
                    e.toString());
            influxUp = false;
        }
        this.flusher = new Thread(this::flushLoop, "readings-influx-flush");
        this.drainer = new Thread(this::drainLoop, "readings-influx-drain");
        flusher.setDaemon(true);
        drainer.setDaemon(true);
        flusher.start();
        drainer.start();
    }

    // --- writing ---

    @Override
    public CompletableFuture<Void> submit(List<StoredReading> readings) {
        if (readings.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("the reading store is closed"));
        }
        List<String> lines = new ArrayList<>(readings.size());
        for (StoredReading r : readings) {
            lines.add(lineOf(r));
        }
        int permits = Math.min(lines.size(), settings.maxPending());
        try {
            room.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        Pending p = new Pending(lines, new CompletableFuture<>(), permits);
        if (!queue.offer(p)) {
            // cannot happen: every queued submission holds at least one of maxPending permits
            room.release(permits);
            return CompletableFuture.failedFuture(new IllegalStateException("reading queue full"));
        }
        if (!running && !flusher.isAlive()) {
            failLeftovers(); // closed meanwhile: nobody will flush it
        }
        return p.done();
    }

    /** The point for one reading: its identity is measurement + tags + ms time, all from the reading itself. */
    static String lineOf(StoredReading r) {
        org.influxdb.dto.Point.Builder b = org.influxdb.dto.Point.measurement(r.type())
                .time(r.at().toEpochMilli(), TimeUnit.MILLISECONDS)
                .tag("tenant", r.tenant())
                .tag("hub", r.hub())
                .tag("resident", r.resident())
                .tag("device", r.device())
                .tag("type", r.type());
        // Always floats: one integer write to a float field makes InfluxDB refuse the rest (tech.md).
        r.values().forEach((k, v) -> b.addField(k, v.doubleValue()));
        r.labels().forEach(b::addField);
        b.addField("received_at", (double) r.receivedAt().toEpochMilli());
        if (r.hubReceivedAt() != null) {
            b.addField("hub_received_at", (double) r.hubReceivedAt().toEpochMilli());
        }
        return b.build().lineProtocol(TimeUnit.MILLISECONDS);
    }

    private void flushLoop() {
        List<Pending> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.clear();
                group.add(first);
                int n = first.lines().size();
                long deadline = System.nanoTime() + settings.linger().toNanos();
                while (n < settings.maxBatch()) {
                    Pending more = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (more == null) {
                        break;
                    }
                    group.add(more);
                    n += more.lines().size();
                }
                List<String> lines = new ArrayList<>(n);
                group.forEach(p -> lines.addAll(p.lines()));
                RuntimeException failure = null;
                try {
                    persist(lines);
                } catch (RuntimeException e) {
                    failure = e;
                    LOG.error("OPERATOR ALERT: {} reading(s) could be written neither to InfluxDB nor to the spool: {}",
                            lines.size(), e.toString());
                }
                for (Pending p : group) {
                    room.release(p.permits());
                    if (failure == null) {
                        p.done().complete(null);
                    } else {
                        p.done().completeExceptionally(failure);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("readings flusher: unexpected {}", e.toString());
            }
        }
        failLeftovers();
    }

    private void failLeftovers() {
        Pending left;
        while ((left = queue.poll()) != null) {
            room.release(left.permits());
            left.done().completeExceptionally(new IllegalStateException("the reading store closed"));
        }
    }

    /**
     * To InfluxDB directly when it is well and has no backlog; else to the spool (durable either way). A direct write
     * that was slow (over a fifth of the timeout) sends the next ones to the spool too, until the drainer has caught
     * up: the relay's readings writer never waits on a struggling InfluxDB for long.
     */
    private void persist(List<String> lines) {
        if (influxUp && schemaReady && spool.size() == 0) {
            try {
                long start = System.nanoTime();
                write(lines);
                written.addAndGet(lines.size());
                writes.incrementAndGet();
                if (System.nanoTime() - start > settings.timeout().toNanos() / 5) {
                    influxUp = false;
                    LOG.info("InfluxDB is slow; readings go through the local spool until it has caught up");
                }
                return;
            } catch (RuntimeException e) {
                influxUp = false;
                LOG.warn("InfluxDB write failed ({}); readings go to the local spool until it is back",
                        rootCause(e));
            }
        }
        spool.append(lines);
        spooled.addAndGet(lines.size());
        LockSupport.unpark(drainer);
    }

    private void write(List<String> lines) {
        influx.write(settings.database(), settings.retentionPolicy(), InfluxDB.ConsistencyLevel.ONE,
                TimeUnit.MILLISECONDS, lines);
    }

    // --- draining the spool ---

    private void drainLoop() {
        long backoffMs = 200;
        boolean failing = false;
        while (running) {
            try {
                if (spool.size() == 0) {
                    if (schemaReady && !influxUp) {
                        influxUp = true;
                        LOG.info("readings spool drained; writing to InfluxDB directly again");
                    }
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                    continue;
                }
                if (!schemaReady) {
                    ensureSchema();
                }
                List<ReadingSpool.Entry> entries = spool.oldest(settings.maxBatch());
                try {
                    write(entries.stream().map(ReadingSpool.Entry::line).toList());
                    spool.delete(entries);
                } catch (InfluxDBException e) {
                    if (e.isRetryWorth() || isMissingDatabase(e)) {
                        throw e;
                    }
                    writeOneByOne(entries);
                }
                drained.addAndGet(entries.size());
                backoffMs = 200;
                if (failing) {
                    failing = false;
                    LOG.info("InfluxDB takes writes again; draining the readings spool ({} left)", spool.size());
                }
            } catch (RuntimeException e) {
                if (isMissingDatabase(e)) {
                    schemaReady = false;
                }
                if (!failing) {
                    failing = true;
                    LOG.warn("readings spool: InfluxDB not taking writes ({}); {} reading(s) wait in the spool, "
                            + "retrying with backoff up to 30 s", rootCause(e), spool.size());
                } else {
                    LOG.debug("readings spool: InfluxDB still not taking writes ({}); next try in {} ms",
                            rootCause(e), backoffMs);
                }
                LockSupport.parkNanos(Duration.ofMillis(backoffMs).toNanos());
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    /** A batch InfluxDB refused for good: find the lines it refuses and set them aside; the others go in. */
    private void writeOneByOne(List<ReadingSpool.Entry> entries) {
        List<ReadingSpool.Entry> ok = new ArrayList<>();
        for (ReadingSpool.Entry e : entries) {
            try {
                write(List.of(e.line()));
                ok.add(e);
            } catch (InfluxDBException x) {
                if (x.isRetryWorth() || isMissingDatabase(x)) {
                    spool.delete(ok);
                    throw x;
                }
                spool.refuse(List.of(e), abbreviate(x.getMessage()), clock.millis());
                refused.incrementAndGet();
                LOG.error("OPERATOR ALERT: InfluxDB refused a spooled reading for good ({}); kept aside in the spool",
                        abbreviate(x.getMessage()));
            }
        }
        spool.delete(ok);
    }

    private static boolean isMissingDatabase(Throwable e) {
        return String.valueOf(e.getMessage()).contains("database not found");
    }

    /** Creates the database and the retention policy, or brings the policy's duration in line. */
    private synchronized void ensureSchema() {
        String db = settings.database();
        String rp = settings.retentionPolicy();
        String duration = settings.retention().toHours() + "h";
        check(influx.query(new Query("CREATE DATABASE \"" + db + "\"")));
        QueryResult policies = check(influx.query(new Query("SHOW RETENTION POLICIES ON \"" + db + "\"", db)));
        boolean exists = series(policies).stream().flatMap(s -> s.getValues().stream())
                .anyMatch(row -> rp.equals(row.get(0)));
        check(influx.query(new Query((exists ? "ALTER" : "CREATE") + " RETENTION POLICY \"" + rp + "\" ON \"" + db
                + "\" DURATION " + duration + (exists ? "" : " REPLICATION 1") + " DEFAULT", db)));
        schemaReady = true;
    }

    private static QueryResult check(QueryResult r) {
        if (r.hasError()) {
            throw new InfluxDBException(r.getError());
        }
        for (QueryResult.Result x : r.getResults()) {
            if (x.hasError()) {
                throw new InfluxDBException(x.getError());
            }
        }
        return r;
    }

    private static List<QueryResult.Series> series(QueryResult r) {
        List<QueryResult.Series> out = new ArrayList<>();
        for (QueryResult.Result x : r.getResults()) {
            if (x.getSeries() != null) {
                out.addAll(x.getSeries());
            }
        }
        return out;
    }

    // --- trends ---

    @Override
    public Trend trend(TenantId tenant, ResidentId resident, String type, Instant from, Instant to, int maxPoints) {
        if (!WireTypes.OBSERVATIONS.containsValue(type)) {
            throw new IllegalArgumentException("type: unknown observation kind '" + type + "'");
        }
        Duration bucket = Trends.bucketFor(from, to, maxPoints);
        List<String> fields = StoredReading.fieldsOf(type);
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            q.append(i == 0 ? "" : ", ");
            for (String fn : List.of("mean", "min", "max", "count")) {
                q.append(fn.equals("mean") ? "" : ", ").append(fn).append("(\"").append(f).append("\") AS \"")
                        .append(f).append('_').append(fn).append('"');
            }
        }
        q.append(" FROM \"").append(settings.retentionPolicy()).append("\".\"").append(type).append('"')
                .append(" WHERE \"tenant\" = '").append(literal(tenant.value()))
                .append("' AND \"resident\" = '").append(literal(resident.value()))
                .append("' AND time >= ").append(from.toEpochMilli()).append("ms AND time < ")
                .append(to.toEpochMilli()).append("ms GROUP BY time(").append(bucket.toMillis())
                .append("ms) fill(none)");
        QueryResult r = check(influx.query(new Query(q.toString(), settings.database()), TimeUnit.MILLISECONDS));
        List<Point> points = new ArrayList<>();
        for (QueryResult.Series s : series(r)) {
            List<String> columns = s.getColumns();
            for (List<Object> row : s.getValues()) {
                Map<String, Summary> byField = new LinkedHashMap<>();
                for (String f : fields) {
                    Object count = row.get(columns.indexOf(f + "_count"));
                    if (count instanceof Number c && c.longValue() > 0) {
                        byField.put(f, new Summary(number(row, columns, f + "_mean"),
                                number(row, columns, f + "_min"), number(row, columns, f + "_max"), c.longValue()));
                    }
                }
                if (!byField.isEmpty()) {
                    points.add(new Point(Instant.ofEpochMilli(((Number) row.get(0)).longValue()), byField));
                }
            }
        }
        return new Trend(type, StoredReading.unitOf(type), bucket, points);
    }

    /**
     * One resident's points of one type in {@code [from, to)}, oldest first, at most {@code max}: single readings
     * (for FHIR Observations), where {@link #trend} gives buckets.
     */
    public List<StoredReading> points(TenantId tenant, ResidentId resident, String type, Instant from, Instant to,
            int max) {
        if (!WireTypes.OBSERVATIONS.containsValue(type)) {
            throw new IllegalArgumentException("type: unknown observation kind '" + type + "'");
        }
        String q = "SELECT * FROM \"" + settings.retentionPolicy() + "\".\"" + type + "\" WHERE \"tenant\" = '"
                + literal(tenant.value()) + "' AND \"resident\" = '" + literal(resident.value()) + "' AND time >= "
                + from.toEpochMilli() + "ms AND time < " + to.toEpochMilli() + "ms ORDER BY time ASC LIMIT " + max;
        QueryResult r = check(influx.query(new Query(q, settings.database()), TimeUnit.MILLISECONDS));
        List<StoredReading> out = new ArrayList<>();
        for (QueryResult.Series s : series(r)) {
            List<String> columns = s.getColumns();
            for (List<Object> row : s.getValues()) {
                Map<String, Double> values = new LinkedHashMap<>();
                for (String f : StoredReading.fieldsOf(type)) {
                    int i = columns.indexOf(f);
                    if (i >= 0 && row.get(i) instanceof Number n) {
                        values.put(f, n.doubleValue());
                    }
                }
                if (values.isEmpty()) {
                    continue;
                }
                Instant at = Instant.ofEpochMilli(((Number) row.get(0)).longValue());
                out.add(new StoredReading(tenant.value(), String.valueOf(row.get(columns.indexOf("hub"))),
                        resident.value(), String.valueOf(row.get(columns.indexOf("device"))), type, at, null, at,
                        values, Map.of(), StoredReading.unitOf(type)));
            }
        }
        return out;
    }

    @Override
    public java.util.Optional<StoredReading> latest(TenantId tenant, ResidentId resident, java.util.Set<String> types,
            Instant until) {
        if (types.isEmpty()) {
            return java.util.Optional.empty();
        }
        StringBuilder from = new StringBuilder();
        for (String type : types) {
            if (!WireTypes.OBSERVATIONS.containsValue(type)) {
                throw new IllegalArgumentException("type: unknown observation kind '" + type + "'");
            }
            from.append(from.isEmpty() ? "" : ", ").append('"').append(settings.retentionPolicy()).append("\".\"")
                    .append(type).append('"');
        }
        // Several measurements in one query: one series each, and LIMIT 1 applies per series, so this is the newest
        // point of every type; the newest of those wins below.
        String q = "SELECT * FROM " + from + " WHERE \"tenant\" = '" + literal(tenant.value()) + "' AND \"resident\" = '"
                + literal(resident.value()) + "' AND time <= " + until.toEpochMilli() + "ms ORDER BY time DESC LIMIT 1";
        QueryResult r = check(influx.query(new Query(q, settings.database()), TimeUnit.MILLISECONDS));
        StoredReading newest = null;
        for (QueryResult.Series s : series(r)) {
            List<String> columns = s.getColumns();
            String type = s.getName();
            for (List<Object> row : s.getValues()) {
                Map<String, Double> values = new LinkedHashMap<>();
                for (String f : StoredReading.fieldsOf(type)) {
                    int i = columns.indexOf(f);
                    if (i >= 0 && row.get(i) instanceof Number n) {
                        values.put(f, n.doubleValue());
                    }
                }
                Map<String, String> labels = new LinkedHashMap<>();
                for (String l : List.of("location", "place", "source", "hazard", "state")) {
                    int i = columns.indexOf(l);
                    if (i >= 0 && row.get(i) instanceof String v) {
                        labels.put(l, v);
                    }
                }
                Instant at = Instant.ofEpochMilli(((Number) row.get(0)).longValue());
                if (values.isEmpty() || newest != null && !at.isAfter(newest.at())) {
                    continue;
                }
                newest = new StoredReading(tenant.value(), String.valueOf(row.get(columns.indexOf("hub"))),
                        resident.value(), String.valueOf(row.get(columns.indexOf("device"))), type, at, null, at,
                        values, labels, StoredReading.unitOf(type));
            }
        }
        return java.util.Optional.ofNullable(newest);
    }

    private static double number(List<Object> row, List<String> columns, String column) {
        return ((Number) row.get(columns.indexOf(column))).doubleValue();
    }

    /** An InfluxQL string literal's content. */
    private static String literal(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }

    // --- the rest ---

    public Stats stats() {
        return new Stats(written.get(), writes.get(), spooled.get(), drained.get(), refused.get(), spool.size(), influxUp);
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + abbreviate(t.getMessage()));
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 199) + "…";
    }

    /** Flushes what was submitted (to InfluxDB or the spool), then stops; the spool keeps the rest for next time. */
    @Override
    public void close() {
        running = false;
        try {
            flusher.join(30_000);
            failLeftovers();
            LockSupport.unpark(drainer);
            drainer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        influx.close();
        spool.close();
    }
}
