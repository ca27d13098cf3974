package org.hearthgate.sim.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.devices.DeviceStates;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.hearthgate.relay.store.RelayStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What device state costs the ingest: one batch of 500 fresh readings (200 hubs, a cuff, a motion sensor and a
 * battery level each, as the ingest's writer takes them) stored in the relay's SQLite store alone, and stored then
 * folded into {@code device_state} (the ingest's observer: one upsert batch per stored batch), and the fold and
 * upserts alone. Batches per second; times 500 for readings per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeviceStateBench {
    private static final TenantId TENANT = TenantId.of("bench");
    private static final int BATCH = 500;
    private static final int HUBS = 200;

    private Path dir;
    private Database db;
    private RelayStore store;
    private DeviceStates states;
    private List<RelayStore.Inbound> batch;
    private long seq;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("hearthgate-device-bench");
        db = Database.open(dir.resolve("relay.db").toString());
        store = new JdbcRelayStore(db);
        states = new DeviceStates(db);
    }

    /** Fresh message ids each time: a batch of duplicates would cost the store less than real traffic. */
    @Setup(Level.Invocation)
    public void nextBatch() {
        batch = new ArrayList<>(BATCH);
        Instant now = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            seq++;
            HubId hub = HubId.of("hub-" + (seq % HUBS));
            ResidentId resident = ResidentId.of("res-" + (seq % HUBS));
            Instant at = now.plusMillis(i);
            Observation o = switch (i % 3) {
                case 0 -> new BloodPressure(DeviceId.of("cuff-1"), at, Quantity.of(128, Ucum.MM_HG),
                        Quantity.of(82, Ucum.MM_HG), null, null, null, Set.of());
                case 1 -> new Motion(DeviceId.of("pir-hall"), at, "Hall", true);
                default -> new BatteryLevel(DeviceId.of("pendant-1"), at, Quantity.of(80, Ucum.PERCENT));
            };
            batch.add(new RelayStore.Inbound(TENANT, Message.of(hub, seq, at, new Reading(resident, o, at)), now));
        }
    }

    @Benchmark
    public Object storeOnly() {
        return store.ingest(batch);
    }

    @Benchmark
    public Object storeThenDeviceState() {
        Object r = store.ingest(batch);
        states.record(batch);
        return r;
    }

    /** The observer's part alone: fold the batch and write its upserts (one transaction). */
    @Benchmark
    public Object deviceStateOnly() {
        states.record(batch);
        return states;
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        store.close();
        db.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
