package org.hearthgate.relay;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hearthgate.relay.console.ConsoleServer;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.ingest.Ingest;
import org.hearthgate.relay.mqtt.BrokerLink;
import org.hearthgate.relay.store.AlarmRecord;
import org.hearthgate.relay.store.RelayStore;
import org.hearthgate.relay.store.SqliteRelayStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cloud-relay process: broker link, ingest, store, console, hub supervision. */
public final class Relay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    /**
     * @param database   the SQLite file (the embedded default store)
     * @param httpPort   console port; 0 picks a free one
     * @param shareGroup the MQTT shared-subscription group all relay instances join
     */
    public record Settings(String brokerUrl, String clientId, String username, char[] password, String shareGroup,
            Path database, String httpHost, int httpPort) {
    }

    private final RelayStore store;
    private final RelayMetrics metrics = new RelayMetrics();
    private final ConsoleServer console;
    private final BrokerLink link;
    private final Clock clock;
    private final ScheduledExecutorService supervision = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-supervision");
        t.setDaemon(true);
        return t;
    });
    private final String consoleHost;
    private int consolePort;

    public Relay(Settings settings, Users users, Clock clock) {
        this.clock = clock;
        this.store = new SqliteRelayStore(settings.database());
        AtomicReference<BrokerLink> linkRef = new AtomicReference<>();
        Downlink down = (tenant, hub, body) -> linkRef.get() != null && linkRef.get().send(tenant, hub, body);
        this.console = new ConsoleServer(store, down, users, metrics, clock);
        Ingest ingest = new Ingest(store, down, console, metrics, clock);
        this.link = new BrokerLink(new BrokerLink.Settings(settings.brokerUrl(), settings.clientId(),
                settings.username(), settings.password(), settings.shareGroup()), ingest, clock);
        linkRef.set(link);
        this.consoleHost = settings.httpHost();
        this.consolePort = settings.httpPort();
    }

    /** Starts the console and connects to the broker (waiting up to 10 s, then retrying in the background). */
    public Relay start() {
        consolePort = console.start(consoleHost, consolePort);
        if (!link.start(10_000)) {
            LOG.warn("relay: broker not reachable yet; retrying in the background");
        }
        supervision.scheduleWithFixedDelay(this::superviseHubs, 5, 5, TimeUnit.SECONDS);
        return this;
    }

    private void superviseHubs() {
        try {
            for (AlarmRecord offline : store.markOverdueHubsOffline(clock.instant())) {
                LOG.warn("hub {} missed 3 heartbeats: offline", offline.hub());
                console.publish("alarm.received", Map.of("alarm", offline, "latencyMs", 0));
            }
        } catch (RuntimeException e) {
            LOG.error("hub supervision: {}", e.toString());
        }
    }

    public int consolePort() {
        return consolePort;
    }

    public RelayStore store() {
        return store;
    }

    public RelayMetrics metrics() {
        return metrics;
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    @Override
    public void close() {
        supervision.shutdownNow();
        link.close();
        console.close();
        store.close();
    }
}
