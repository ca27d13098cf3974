package org.hearthgate.relay.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.RelayMetrics;
import org.hearthgate.relay.store.RelayStore;

/**
 * The relay's figures in Prometheus' format ({@code GET /metrics}), through Micrometer: ingest counts, rate (from the
 * counters) and lag, the queues, dead letters, open alarms by priority, the age of the oldest alarm nobody has taken
 * on, hubs online and offline, and the JVM. Other parts (readings, notifications) add their own meters to
 * {@link #registry()}. Figures that need the store are read at most every few seconds, whatever the scrape rate.
 */
public final class OperatorMetrics {
    private static final Duration STORE_EVERY = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RelayStore store;
    private final Clock clock;
    private volatile StoreFigures figures;

    /** What the store says, read together. */
    private record StoreFigures(Instant at, Map<Priority, Long> openByPriority, double oldestUnacknowledgedSeconds,
            long hubsOnline, long hubsOffline, long deadLettersStored) {
    }

    public OperatorMetrics(RelayMetrics relay, Supplier<RelayMetrics.Live> live, RelayStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        counter("hearthgate_messages_received", "messages taken from the broker", relay.received);
        counter("hearthgate_messages_stored", "messages stored (first time)", relay.accepted);
        counter("hearthgate_messages_duplicate", "redelivered messages already stored", relay.duplicates);
        counter("hearthgate_dead_letters", "messages kept as dead letters", relay.rejected);
        counter("hearthgate_messages_unregistered", "messages from hubs that are not registered", relay.unregistered);
        counter("hearthgate_alarms_received", "alarms stored", relay.alarms);
        counter("hearthgate_store_failures", "messages the store could not take after retries", relay.storeFailures);
        counter("hearthgate_receipts_failed", "receipts that could not be sent to hubs", relay.receiptsFailed);
        Gauge.builder("hearthgate_ingest_lag_seconds", relay.ingestLagMs, v -> v.get() / 1000.0)
                .description("how long the last stored message waited between arriving and being stored")
                .register(registry);
        Gauge.builder("hearthgate_ingest_queue_depth", live, l -> l.get().urgentQueue()).tag("queue", "urgent")
                .description("messages waiting to be stored").strongReference(true).register(registry);
        Gauge.builder("hearthgate_ingest_queue_depth", live, l -> l.get().bulkQueue()).tag("queue", "bulk")
                .description("messages waiting to be stored").strongReference(true).register(registry);
        Gauge.builder("hearthgate_broker_connected", live, l -> l.get().brokerConnected() ? 1 : 0)
                .description("1 while the relay is connected to the MQTT broker").strongReference(true).register(registry);
        for (Priority p : Priority.values()) {
            storeGauge("hearthgate_alarms_open", "alarms not yet resolved", f -> f.openByPriority()
                    .getOrDefault(p, 0L), "priority", p.name().toLowerCase(java.util.Locale.ROOT));
        }
        storeGauge("hearthgate_alarm_oldest_unacknowledged_seconds",
                "age of the oldest alarm nobody has acknowledged (0 when none)", StoreFigures::oldestUnacknowledgedSeconds);
        storeGauge("hearthgate_hubs", "hubs by state", f -> f.hubsOnline(), "state", "online");
        storeGauge("hearthgate_hubs", "hubs by state", f -> f.hubsOffline(), "state", "offline");
        storeGauge("hearthgate_dead_letters_stored", "dead letters kept for inspection", f -> f.deadLettersStored());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private void counter(String name, String help, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(help).register(registry);
    }

    private void storeGauge(String name, String help, ToDoubleFunction<StoreFigures> f, String... tags) {
        Gauge.builder(name, this, m -> f.applyAsDouble(m.figures())).description(help).tags(tags).register(registry);
    }

    private StoreFigures figures() {
        StoreFigures f = figures;
        Instant now = clock.instant();
        if (f == null || now.isAfter(f.at().plus(STORE_EVERY))) {
            f = read(now);
            figures = f;
        }
        return f;
    }

    private StoreFigures read(Instant now) {
        try {
            RelayStore.OpenAlarms open = store.openAlarms();
            Map<Priority, Long> byPriority = new EnumMap<>(Priority.class);
            byPriority.putAll(open.byPriority());
            Instant oldest = open.oldestUnacknowledged();
            List<RelayStore.HubRecord> hubs = store.hubs();
            long online = hubs.stream().filter(RelayStore.HubRecord::online).count();
            long all = hubs.size();
            return new StoreFigures(now, byPriority, oldest == null ? 0 : Duration.between(oldest, now).toMillis()
                    / 1000.0, online, all - online, store.deadLetterCount());
        } catch (RuntimeException e) {
            // A scrape must not fail because the store is busy: keep the last figures (or zeros).
            StoreFigures last = figures;
            return last != null ? last : new StoreFigures(now, Map.of(), 0, 0, 0, 0);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The text Prometheus scrapes. */
    public String scrape() {
        return registry.scrape();
    }
}
