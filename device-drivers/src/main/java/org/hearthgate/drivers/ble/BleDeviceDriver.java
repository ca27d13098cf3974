package org.hearthgate.drivers.ble;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.drivers.Driver;
import org.hearthgate.drivers.DriverCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one Bluetooth health device (cuff, oximeter, thermometer, scale, glucose meter, heart-rate strap):
 * <ol>
 * <li>connects (bonding first time), discovers, reads the Weight Scale Feature if there is one, writes the hub's
 *     local time through Current Time Service so stored records carry a usable stamp, reads the battery;</li>
 * <li>subscribes to every supported measurement characteristic the device has;</li>
 * <li>decodes each notification or indication, joins glucose contexts, and drops stored records replayed on
 *     reconnect (bounded memory);</li>
 * <li>reports ONLINE and OFFLINE as {@link DeviceStatus} observations, and on a failed attempt or a lost link
 *     tries again after a bounded exponential backoff.</li>
 * </ol>
 * All state lives on the driver's {@link Scheduler}: transport callbacks hop onto it, so nothing here is shared
 * between threads except the counters. Malformed frames are counted and logged (field and offset, never values or
 * the device address) and never stop the driver.
 */
public final class BleDeviceDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(BleDeviceDriver.class);

    /** What the driver subscribes to when the device has it; everything else in {@link GattParsers}. */
    static final List<Integer> SUBSCRIBED = List.of(GattUuids.BLOOD_PRESSURE_MEASUREMENT,
            GattUuids.INTERMEDIATE_CUFF_PRESSURE, GattUuids.HEART_RATE_MEASUREMENT,
            GattUuids.PLX_SPOT_CHECK_MEASUREMENT, GattUuids.PLX_CONTINUOUS_MEASUREMENT,
            GattUuids.TEMPERATURE_MEASUREMENT, GattUuids.WEIGHT_MEASUREMENT, GattUuids.GLUCOSE_MEASUREMENT,
            GattUuids.GLUCOSE_MEASUREMENT_CONTEXT);

    private final BleDeviceConfig config;
    private final GattTransport transport;
    private final Clock clock;
    private final Scheduler scheduler;
    private final RecordDeduplicator dedup;
    private final GlucoseJoiner glucose;
    private final AtomicLong rejectedFrames = new AtomicLong();
    private final AtomicLong replaysDropped = new AtomicLong();
    /** Highest glucose record number forwarded, so the next RACP request asks only for newer ones; -1 = none. */
    private int lastGlucoseSequence = -1;

    // Scheduler-thread state.
    private GattParsers parsers;
    private DriverCallback callback;
    private GattConnection connection;
    private int generation;
    private int failures;
    private boolean online;
    private boolean offlineReported;
    private boolean closed;
    private Scheduler.Cancellable pending;

    public BleDeviceDriver(BleDeviceConfig config, GattTransport transport, Clock clock, Scheduler scheduler) {
        this.config = config;
        this.transport = transport;
        this.clock = clock;
        this.scheduler = scheduler;
        this.dedup = new RecordDeduplicator(config.dedupCapacity());
        this.glucose = new GlucoseJoiner(clock);
        this.parsers = GattParsers.create(clock);
    }

    /** A driver on its own thread. */
    public BleDeviceDriver(BleDeviceConfig config, GattTransport transport, Clock clock) {
        this(config, transport, clock, new ExecutorScheduler("ble-" + config.device()));
    }

    @Override
    public String name() {
        return "ble:" + config.device();
    }

    /** Counters for supervision and tests. */
    public record Stats(long rejectedFrames, long replaysDropped) {
    }

    public Stats stats() {
        return new Stats(rejectedFrames.get(), replaysDropped.get());
    }

    @Override
    public java.util.List<org.hearthgate.contract.DeviceId> devices() {
        return java.util.List.of(config.device());
    }

    @Override
    public void start(DriverCallback callback) {
        scheduler.execute(() -> {
            this.callback = callback;
            connect();
        });
    }

    private void connect() {
        pending = null;
        if (closed) {
            return;
        }
        int gen = ++generation;
        GattConnection c = null;
        try {
            c = transport.connect(config.address(), new Listener(gen));
            if (config.bond()) {
                c.bond();
            }
            Set<Integer> found = c.discover();
            if (SUBSCRIBED.stream().noneMatch(found::contains)) {
                // Reachable but useless: most likely a wrong address in the configuration. Say so, keep trying
                // slowly (a device may expose its services only after a firmware update or a reset).
                c.close();
                generation++;
                emit(status(DeviceState.ERROR, "no supported health characteristic on this device"));
                offlineReported = true;
                retryLater();
                return;
            }
            if (found.contains(GattUuids.WEIGHT_SCALE_FEATURE)) {
                readWeightFeature(c);
            }
            if (found.contains(GattUuids.CURRENT_TIME)) {
                setTime(c);
            }
            // Subscribe before reading the battery: a cuff starts indicating stored records as soon as the
            // indication is enabled, and each subscribe is one round trip on a short connection window.
            for (int uuid : SUBSCRIBED) {
                if (found.contains(uuid)) {
                    c.subscribe(uuid);
                }
            }
            if (found.contains(GattUuids.GLUCOSE_MEASUREMENT)
                    && found.contains(GattUuids.RECORD_ACCESS_CONTROL_POINT)) {
                requestStoredRecords(c);
            }
            connection = c;
            failures = 0;
            online = true;
            offlineReported = false;
            emit(status(DeviceState.ONLINE, "connected"));
            LOG.info("{}: connected", name());
            if (found.contains(GattUuids.BATTERY_LEVEL)) {
                readBattery(c);
            }
        } catch (GattException | RuntimeException e) {
            // RuntimeException too: a transport bug must cost one attempt, never the driver's retry loop.
            if (c != null) {
                c.close();
            }
            generation++; // late events from the failed attempt are ignored
            LOG.info("{}: connect failed: {}", name(), e.getMessage());
            if (!offlineReported) {
                emit(status(DeviceState.OFFLINE, "connect failed: " + e.getMessage()));
                offlineReported = true;
            }
            retryLater();
        }
    }

    private void readWeightFeature(GattConnection c) {
        try {
            parsers = GattParsers.create(clock, WeightScaleFeature.parse(c.read(GattUuids.WEIGHT_SCALE_FEATURE)));
        } catch (GattException | FrameException e) {
            // Default resolutions are the specification's own; a weight is still decoded, just maybe coarser.
            LOG.warn("{}: weight scale feature unreadable, using default resolution: {}", name(), e.getMessage());
        }
    }

    private void setTime(GattConnection c) {
        try {
            byte[] now = CurrentTime.encode(ZonedDateTime.now(clock), CurrentTime.EXTERNAL_REFERENCE);
            c.write(GattUuids.CURRENT_TIME, now);
        } catch (GattException e) {
            // Not fatal: readings still arrive; a wrong device clock shows as DEVICE_CLOCK_NOT_SET or old stamps.
            LOG.warn("{}: could not set the device clock: {}", name(), e.getMessage());
        }
    }

    /** Asks a glucose meter for the records it stored since the last one we forwarded (after subscribing). */
    private void requestStoredRecords(GattConnection c) {
        try {
            c.subscribe(GattUuids.RECORD_ACCESS_CONTROL_POINT);
            c.write(GattUuids.RECORD_ACCESS_CONTROL_POINT, lastGlucoseSequence < 0
                    ? RecordAccessControlPoint.reportAllRecords()
                    : RecordAccessControlPoint.reportRecordsFrom(Math.min(0xFFFF, lastGlucoseSequence + 1)));
        } catch (GattException e) {
            // Not fatal: readings the meter pushes by itself still arrive; stored ones wait for the next connect.
            LOG.warn("{}: could not request stored records: {}", name(), e.getMessage());
        }
    }

    private void racpResponse(byte[] value) {
        try {
            RecordAccessControlPoint.Response r = RecordAccessControlPoint.parseResponse(value);
            if (r.success() || r.nothingNew()) {
                LOG.debug("{}: stored records: {}", name(), r.describe());
            } else {
                LOG.warn("{}: meter refused the stored-records request: {}", name(), r.describe());
            }
        } catch (FrameException e) {
            rejectedFrames.incrementAndGet();
            LOG.warn("{}: frame rejected: {}", name(), e.getMessage());
        }
    }

    private void readBattery(GattConnection c) {
        try {
            handle(GattUuids.BATTERY_LEVEL, c.read(GattUuids.BATTERY_LEVEL));
            c.subscribe(GattUuids.BATTERY_LEVEL);
        } catch (GattException e) {
            // Battery notifications are optional in BAS; a read failure only loses this one level.
            LOG.debug("{}: battery level not available: {}", name(), e.getMessage());
        }
    }

    private void retryLater() {
        if (closed) {
            return;
        }
        var delay = config.backoff().delay(failures++);
        pending = scheduler.schedule(this::connect, delay);
    }

    private void lost(int gen, String reason) {
        if (gen != generation || closed) {
            return;
        }
        generation++;
        release(glucose.flush());
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (online) {
            online = false;
            offlineReported = true;
            emit(status(DeviceState.OFFLINE, "link lost: " + reason));
            LOG.info("{}: link lost: {}", name(), reason);
        }
        retryLater();
    }

    private void value(int gen, int uuid, byte[] value) {
        if (gen != generation || closed) {
            return;
        }
        handle(uuid, value);
    }

    private void handle(int uuid, byte[] value) {
        if (uuid == GattUuids.RECORD_ACCESS_CONTROL_POINT) {
            racpResponse(value);
            return;
        }
        Optional<CharacteristicParser> parser = parsers.forCharacteristic(uuid);
        if (parser.isEmpty()) {
            return;
        }
        Decoded decoded;
        try {
            decoded = parser.get().parse(config.device(), value);
        } catch (FrameException e) {
            rejectedFrames.incrementAndGet();
            LOG.warn("{}: frame rejected: {}", name(), e.getMessage());
            return;
        }
        switch (decoded) {
            case Decoded.Readings r -> readings(r);
            case Decoded.GlucoseContext ctx -> release(glucose.context(ctx));
            case Decoded.CuffProgress p -> LOG.debug("{}: cuff inflating", name());
        }
    }

    private void readings(Decoded.Readings r) {
        if (r.key().isPresent() && !dedup.firstSighting(r.key().get())) {
            replaysDropped.incrementAndGet();
            return;
        }
        for (Observation o : r.observations()) {
            if (o instanceof BloodGlucose g) {
                lastGlucoseSequence = Math.max(lastGlucoseSequence, g.sequence());
                release(glucose.measurement(g, r.contextFollows()));
                if (glucose.holding()) {
                    scheduler.schedule(() -> release(glucose.expire()), GlucoseJoiner.CONTEXT_WAIT);
                }
            } else {
                emit(o);
            }
        }
    }

    private void release(List<BloodGlucose> ready) {
        ready.forEach(this::emit);
    }

    private DeviceStatus status(DeviceState state, String detail) {
        String d = detail.length() > 200 ? detail.substring(0, 200) : detail;
        return new DeviceStatus(config.device(), clock.instant(), state, d);
    }

    private void emit(Observation o) {
        if (callback == null) {
            return;
        }
        try {
            callback.observed(o);
        } catch (RuntimeException e) {
            // The hub's callback must not throw; if it does, the device link must survive it.
            LOG.error("{}: callback failed", name(), e);
        }
    }

    @Override
    public void close() {
        scheduler.execute(() -> {
            closed = true;
            if (pending != null) {
                pending.cancel();
            }
            release(glucose.flush());
            if (connection != null) {
                connection.close();
                connection = null;
            }
        });
        scheduler.close();
    }

    /** Hops transport events onto the driver's thread, tagged with the connection they belong to. */
    private final class Listener implements GattConnection.Listener {
        private final int gen;

        Listener(int gen) {
            this.gen = gen;
        }

        @Override
        public void value(int characteristic, byte[] value) {
            byte[] copy = value == null ? null : value.clone();
            scheduler.execute(() -> BleDeviceDriver.this.value(gen, characteristic, copy));
        }

        @Override
        public void disconnected(String reason) {
            scheduler.execute(() -> lost(gen, reason));
        }
    }
}
