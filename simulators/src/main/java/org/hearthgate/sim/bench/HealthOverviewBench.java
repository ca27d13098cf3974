package org.hearthgate.sim.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
import org.hearthgate.relay.careplans.CarePlans;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.devices.DeviceHealth;
import org.hearthgate.relay.devices.DeviceStates;
import org.hearthgate.relay.directory.SqlCareDirectory;
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
 * The health overview of a service of 10,000 homes (three devices each, some with flat batteries, some silent past
 * their check-in) on the embedded SQLite store: the first page, worst first, as the console asks for it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HealthOverviewBench {
    private static final TenantId TENANT = TenantId.of("bench");
    private static final int HUBS = 10_000;

    private Path dir;
    private Database db;
    private RelayStore store;
    private DeviceHealth health;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("hearthgate-health-bench");
        db = Database.open(dir.resolve("relay.db").toString());
        store = new JdbcRelayStore(db);
        DeviceStates states = new DeviceStates(db);
        Instant now = Instant.now();
        List<RelayStore.Inbound> batch = new ArrayList<>();
        long seq = 0;
        for (int h = 0; h < HUBS; h++) {
            HubId hub = HubId.of("hub-" + h);
            ResidentId resident = ResidentId.of("res-" + h);
            Instant old = now.minusSeconds(h % 50 == 0 ? 30 * 3600 : 600); // one home in 50: a silent cuff
            List<Observation> obs = List.of(
                    new BloodPressure(DeviceId.of("cuff-1"), old, Quantity.of(128, Ucum.MM_HG),
                            Quantity.of(82, Ucum.MM_HG), null, null, null, Set.of()),
                    new Motion(DeviceId.of("pir-hall"), now, "Hall", true),
                    new BatteryLevel(DeviceId.of("pendant-1"), now, Quantity.of(h % 20 == 0 ? 8 : 80,
                            Ucum.PERCENT)));
            for (Observation o : obs) {
                batch.add(new RelayStore.Inbound(TENANT, Message.of(hub, ++seq, o.at(), new Reading(resident, o,
                        o.at())), now));
            }
            if (batch.size() >= 480) {
                store.ingest(batch);
                states.record(batch);
                batch.clear();
            }
        }
        store.ingest(batch);
        states.record(batch);
        health = new DeviceHealth(store, states, new SqlCareDirectory(db, Clock.systemUTC()), CarePlans.defaults(),
                Clock.systemUTC());
    }

    @Benchmark
    public DeviceHealth.Page firstPageOf10000Homes() {
        return health.overview(TENANT, null, 100, 0);
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
