package org.hearthgate.relay.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.AlarmUpdate;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.contract.wire.Receipt;
import org.hearthgate.contract.wire.Topic;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.contract.wire.WireFormatException;
import org.hearthgate.relay.Downlink;
import org.hearthgate.relay.LiveFeed;
import org.hearthgate.relay.RelayMetrics;
import org.hearthgate.relay.readings.ReadingStore;
import org.hearthgate.relay.readings.StoredReading;
import org.hearthgate.relay.store.RelayStore;
import org.hearthgate.relay.store.RelayStore.Inbound;
import org.hearthgate.relay.store.RelayStore.Rejected;
import org.hearthgate.relay.store.RelayStore.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in every up message: screens it (decode, bind to its topic, registered hub, sane time), queues it (alarms,
 * events and status ahead of readings and heartbeats), stores it in batches on one writer thread, then acknowledges
 * it to the broker, sends the hub its receipt (never waiting for the PUBACK) and tells the console.
 *
 * <p>The rules it keeps (DESIGN.md, "Rules that keep people safe"):
 * <ul>
 * <li>Poison never stops the line: whatever screening throws is a counted dead letter; a batch the store refuses is
 * retried message by message, a bounded number of times, then dead-lettered with an operator alert. Only when even
 * the dead-letter write fails (the store is down) does the writer wait and try again, and the bounded queues push
 * back on the broker meanwhile.</li>
 * <li>Alarms first: the urgent queue is drained before every batch of readings, so an alarm waits at most for one
 * batch in progress.</li>
 * <li>The receipt follows only a committed transaction; the MQTT acknowledgement too, so a relay killed mid-way leaves
 * the message with the broker.</li>
 * <li>Bounded: both queues have a fixed capacity; a full queue blocks the broker's delivery thread, so the relay never
 * takes more than it can hold.</li>
 * </ul>
 * When a {@link ReadingStore} is given (InfluxDB), readings take their own bounded queue and writer thread: they are
 * stored there (durable in InfluxDB or its spool) before their acknowledgement and receipt, and a slow InfluxDB
 * never holds up the writer that stores alarms. Without one, readings go to the relay store with everything else.
 *
 * <p>The log names the topic and the reason only: payloads may hold health data.
 */
public final class Ingest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

    /**
     * @param earliest  times before this are refused (a hub's clock that never set, or a hostile hub)
     * @param maxAhead  how far in the future a time may be
     * @param attempts  how many times one message's storing is tried before it becomes a dead letter
     */
    public record Limits(int urgentQueue, int bulkQueue, int batch, Instant earliest, Duration maxAhead,
            int attempts) {
        public static final Limits DEFAULT = new Limits(10_000, 20_000, 500, Instant.parse("2010-01-01T00:00:00Z"),
                Duration.ofDays(1), 3);
    }

    /** One delivery after screening. */
    private sealed interface Item {
        Instant receivedAt();

        Runnable ack();
    }

    private record Accepted(Topic topic, Message message, Instant receivedAt, Runnable ack) implements Item {
        Inbound inbound() {
            return new Inbound(topic.tenant(), message, receivedAt);
        }
    }

    private record Refused(String topic, byte[] payload, String reason, Instant receivedAt, Runnable ack,
            Topic bound, MessageId id) implements Item {
        Rejected rejected() {
            return new Rejected(topic, payload, reason, receivedAt);
        }
    }

    private final RelayStore store;
    private final HubRegistry registry;
    private final Downlink downlink;
    private final LiveFeed feed;
    private final RelayMetrics metrics;
    private final Clock clock;
    private final Limits limits;
    private final WireCodec codec = new WireCodec();
    private final BlockingQueue<Item> urgent;
    private final BlockingQueue<Item> bulk;
    private final Thread writer;
    /** Null when readings go to the relay store with everything else. */
    private final ReadingStore readings;
    private final BlockingQueue<Item> readingQueue;
    private final Thread readingWriter;
    private volatile boolean running = true;
    private volatile boolean storeHealthy = true;
    private final List<Consumer<List<Inbound>>> observers = new CopyOnWriteArrayList<>();

    public Ingest(RelayStore store, HubRegistry registry, Downlink downlink, LiveFeed feed, RelayMetrics metrics,
            Clock clock, Limits limits) {
        this(store, null, registry, downlink, feed, metrics, clock, limits);
    }

    /**
     * Tells {@code observer} of every batch of messages once it is stored (fresh or redelivered), on an ingest writer
     * thread, for state derived from the stream (a device's last check-in, the care plan a hub runs). A crash between
     * the commit and the call loses that call: derived state must be refreshed by later messages, never be the only
     * record. It must be quick; what it throws is logged and ignored.
     */
    public void onStored(Consumer<List<Inbound>> observer) {
        observers.add(observer);
    }

    private void tell(List<Inbound> stored) {
        if (stored.isEmpty()) {
            return;
        }
        for (Consumer<List<Inbound>> o : observers) {
            try {
                o.accept(stored);
            } catch (RuntimeException e) {
                LOG.warn("ingest: an observer of stored messages failed: {}", e.toString());
            }
        }
    }

    /** @param readings where readings go instead of the relay store (InfluxDB); null: the relay store */
    public Ingest(RelayStore store, ReadingStore readings, HubRegistry registry, Downlink downlink, LiveFeed feed,
            RelayMetrics metrics, Clock clock, Limits limits) {
        this.store = store;
        this.readings = readings;
        this.registry = registry;
        this.downlink = downlink;
        this.feed = feed;
        this.metrics = metrics;
        this.clock = clock;
        this.limits = limits;
        this.urgent = new ArrayBlockingQueue<>(limits.urgentQueue());
        this.bulk = new ArrayBlockingQueue<>(limits.bulkQueue());
        this.writer = new Thread(this::writeLoop, "relay-ingest");
        this.writer.setDaemon(true);
        this.writer.start();
        if (readings == null) {
            this.readingQueue = null;
            this.readingWriter = null;
        } else {
            this.readingQueue = new ArrayBlockingQueue<>(limits.bulkQueue());
            this.readingWriter = new Thread(this::readingLoop, "relay-ingest-readings");
            this.readingWriter.setDaemon(true);
            this.readingWriter.start();
        }
    }

    public int urgentDepth() {
        return urgent.size();
    }

    /** Readings and heartbeats waiting (readings in their own queue too, when they go to a reading store). */
    public int bulkDepth() {
        return bulk.size() + (readingQueue == null ? 0 : readingQueue.size());
    }

    public boolean storeHealthy() {
        return storeHealthy;
    }

    /**
     * Takes one delivery from the broker. Never throws; blocks while its queue is full (back-pressure). {@code ack}
     * is run once the message is safely stored or dead-lettered.
     */
    public void offer(String topicName, byte[] payload, Runnable ack) {
        metrics.received.incrementAndGet();
        Item item;
        try {
            item = screen(topicName, payload, ack, clock.instant());
        } catch (RuntimeException e) {
            // belt and braces: screening is written not to throw, but nothing a payload does may stop the line
            item = new Refused(topicName, payload, "unreadable (" + e.getClass().getSimpleName() + ")",
                    clock.instant(), ack, null, null);
        }
        boolean first = item instanceof Accepted a && isUrgent(a.message().channel());
        boolean reading = readings != null && item instanceof Accepted a && a.message().body() instanceof Reading;
        try {
            if (reading) {
                readingQueue.put(item);
                LockSupport.unpark(readingWriter);
                return;
            }
            (first ? urgent : bulk).put(item);
            LockSupport.unpark(writer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // not acknowledged: the broker will deliver it again
        }
    }

    private static boolean isUrgent(Channel c) {
        return c == Channel.ALARM || c == Channel.EVENT || c == Channel.STATUS;
    }

    private Item screen(String topicName, byte[] payload, Runnable ack, Instant now) {
        Topic topic;
        try {
            topic = Topics.parse(topicName);
            if (topic.channel().direction() != Channel.Direction.UP) {
                throw new WireFormatException("topic", "the cloud ingests only up topics");
            }
        } catch (WireFormatException e) {
            return new Refused(topicName, payload, e.getMessage(), now, ack, null, null);
        }
        if (!registry.isRegistered(topic.tenant(), topic.hub())) {
            metrics.unregistered.incrementAndGet();
            registry.notePending(topic.tenant(), topic.hub());
            return new Refused(topicName, payload, "hub not registered", now, ack, null, null);
        }
        Message message;
        try {
            message = codec.decode(topic, payload);
        } catch (WireFormatException e) {
            return new Refused(topicName, payload, e.getMessage(), now, ack, null, null);
        }
        String badTime = checkTime(message, now);
        if (badTime != null) {
            metrics.badTime.incrementAndGet();
            if (!(message.body() instanceof AlarmRaised)) {
                return new Refused(topicName, payload, badTime, now, ack, topic, message.id());
            }
            // An alarm from a registered hub whose clock is wrong (a Pi that booted without network time) is still
            // somebody who needs help: store it, timed by the cloud, never let its time decide its place.
            LOG.warn("alarm on {} carries a bad time ({}); stored with the cloud's receive time", topicName, badTime);
            message = new Message(message.v(), message.id(), message.hub(), message.seq(), now, message.body());
        }
        return new Accepted(topic, message, now, ack);
    }

    /** Null when every time in the message is inside the sane window. */
    private String checkTime(Message m, Instant now) {
        Instant latest = now.plus(limits.maxAhead());
        List<Instant> times = new ArrayList<>(3);
        times.add(m.at());
        if (m.body() instanceof Reading r) {
            times.add(r.observation().at());
            if (r.receivedAt() != null) {
                times.add(r.receivedAt());
            }
        }
        for (Instant t : times) {
            if (t.isBefore(limits.earliest()) || t.isAfter(latest)) {
                return "time " + t + " is outside " + limits.earliest() + " .. now + " + limits.maxAhead();
            }
        }
        return null;
    }

    // --- the writer thread ---

    private void writeLoop() {
        List<Item> batch = new ArrayList<>(limits.batch());
        while (running) {
            try {
                batch.clear();
                urgent.drainTo(batch, limits.batch());
                if (batch.isEmpty()) {
                    bulk.drainTo(batch, limits.batch());
                }
                if (batch.isEmpty()) {
                    LockSupport.parkNanos(50_000_000L);
                    continue;
                }
                write(batch);
            } catch (RuntimeException e) {
                // never reached by design; if it is, the thread must live on
                LOG.error("ingest: unexpected {}", e.toString());
            }
        }
    }

    private void write(List<Item> batch) {
        Instant now = clock.instant();
        List<Accepted> accepted = new ArrayList<>(batch.size());
        List<Refused> refused = new ArrayList<>();
        for (Item i : batch) {
            switch (i) {
                case Accepted a -> accepted.add(a);
                case Refused r -> refused.add(r);
            }
        }
        List<Result> results = storeAll(accepted);
        for (int i = 0; i < accepted.size(); i++) {
            Accepted a = accepted.get(i);
            switch (results.get(i)) {
                case Result.Refused r -> {
                    metrics.refused.incrementAndGet();
                    refused.add(new Refused(a.topic().path(), codec.encode(a.message()), r.reason(), a.receivedAt(),
                            a.ack(), a.topic(), a.message().id()));
                }
                // Kept and counted, but the hub is not told it is final: it resends (an alarm also goes by its
                // second path), and a resend may find the store well again.
                case Result.Failed f -> refused.add(new Refused(a.topic().path(), codec.encode(a.message()),
                        f.reason(), a.receivedAt(), a.ack(), null, null));
                case Result.Stored s -> {
                }
            }
        }
        if (!refused.isEmpty()) {
            keepDeadLetters(refused);
        }
        Receipts receipts = new Receipts();
        for (int i = 0; i < accepted.size(); i++) {
            Accepted a = accepted.get(i);
            if (results.get(i) instanceof Result.Stored s) {
                a.ack().run();
                if (s.seqRegressed()) {
                    metrics.seqRegressions.incrementAndGet();
                    LOG.warn("hub {} of {}: sequence went backwards (a replay, or a hub whose counter was reset)",
                            a.topic().hub(), a.topic().tenant());
                }
                (s.fresh() ? metrics.accepted : metrics.duplicates).incrementAndGet();
                if (needsReceipt(a.message())) {
                    // A duplicate gets its receipt again: the first one may have been lost on the way down.
                    receipts.add(a.topic(), a.message().id(),
                            s.fresh() ? Receipt.Status.ACCEPTED : Receipt.Status.DUPLICATE, null);
                }
            }
        }
        for (Refused r : refused) {
            r.ack().run();
            if (r.bound() != null && r.id() != null) {
                // A registered hub's message we will never take: say so, or it retries for ever.
                receipts.add(r.bound(), r.id(), Receipt.Status.REJECTED, abbreviate(r.reason()));
            }
        }
        receipts.send();
        List<Inbound> stored = observers.isEmpty() ? List.of() : new ArrayList<>(accepted.size());
        for (int i = 0; i < accepted.size(); i++) {
            if (results.get(i) instanceof Result.Stored s) {
                Accepted a = accepted.get(i);
                if (s.fresh()) {
                    announce(a, now);
                }
                if (!observers.isEmpty()) {
                    stored.add(new Inbound(a.topic().tenant(), a.message(), a.receivedAt()));
                }
            }
        }
        tell(stored);
        metrics.ingestLagMs.set(Math.max(0, now.toEpochMilli() - batch.get(0).receivedAt().toEpochMilli()));
    }

    /** One transaction for the batch; if it fails, each message on its own with bounded retries. */
    private List<Result> storeAll(List<Accepted> accepted) {
        if (accepted.isEmpty()) {
            return List.of();
        }
        try {
            List<Result> r = store.ingest(accepted.stream().map(Accepted::inbound).toList());
            storeHealthy = true;
            return r;
        } catch (RuntimeException e) {
            LOG.warn("ingest: a batch of {} failed ({}); storing one by one", accepted.size(), e.toString());
        }
        List<Result> out = new ArrayList<>(accepted.size());
        for (Accepted a : accepted) {
            out.add(storeOne(a));
        }
        return out;
    }

    private Result storeOne(Accepted a) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= limits.attempts(); attempt++) {
            try {
                Result r = store.ingest(List.of(a.inbound())).get(0);
                storeHealthy = true;
                return r;
            } catch (RuntimeException e) {
                last = e;
                metrics.storeRetries.incrementAndGet();
                LockSupport.parkNanos(Duration.ofMillis(20L << attempt).toNanos());
            }
        }
        metrics.storeFailures.incrementAndGet();
        String reason = "store failed after " + limits.attempts() + " attempts: " + rootCause(last);
        LOG.error("OPERATOR ALERT: a message on {} could not be stored and is kept as a dead letter: {}",
                a.topic().path(), reason);
        feed.publish("operator.alert", Map.of("what", "a message could not be stored", "topic", a.topic().path(),
                "reason", reason));
        return new Result.Failed(reason);
    }

    /** Dead letters must be kept before their messages are acknowledged: if even that fails, wait for the store. */
    private void keepDeadLetters(List<Refused> refused) {
        List<Rejected> rows = refused.stream().map(Refused::rejected).toList();
        long waitMs = 100;
        while (running) {
            try {
                int fresh = store.deadLetter(rows);
                storeHealthy = true;
                metrics.deadLettered(fresh, clock.millis());
                if (fresh > 0) {
                    Refused first = refused.get(0);
                    LOG.warn("ingest: {} dead letter(s), e.g. on {}: {}", fresh, first.topic(), first.reason());
                    feed.publish("ingest.rejected", Map.of("count", fresh, "topic", String.valueOf(first.topic()),
                            "reason", first.reason()));
                }
                return;
            } catch (RuntimeException e) {
                storeHealthy = false;
                LOG.error("OPERATOR ALERT: the relay store is failing ({}); ingest waits {} ms and tries again",
                        rootCause(e), waitMs);
                LockSupport.parkNanos(Duration.ofMillis(waitMs).toNanos());
                waitMs = Math.min(waitMs * 2, 30_000);
            }
        }
    }

    // --- the readings writer (only with a reading store) ---

    private void readingLoop() {
        List<Item> batch = new ArrayList<>(limits.batch());
        while (running) {
            try {
                batch.clear();
                readingQueue.drainTo(batch, limits.batch());
                if (batch.isEmpty()) {
                    LockSupport.parkNanos(50_000_000L);
                    continue;
                }
                writeReadings(batch);
            } catch (RuntimeException e) {
                // never reached by design; if it is, the thread must live on
                LOG.error("ingest readings: unexpected {}", e.toString());
            }
        }
    }

    /**
     * Stores a batch of readings in the reading store (durable there or in its spool), with bounded retries; then
     * acknowledges them and sends their receipts. Readings that cannot be stored go to the main writer as dead letters
     * without a receipt (the hub resends), exactly as when the relay store fails them.
     */
    private void writeReadings(List<Item> batch) {
        List<Accepted> accepted = new ArrayList<>(batch.size());
        List<StoredReading> rows = new ArrayList<>(batch.size());
        for (Item i : batch) {
            Accepted a = (Accepted) i;
            try {
                rows.add(StoredReading.of(a.topic().tenant(), a.topic().hub(), (Reading) a.message().body(),
                        a.receivedAt()));
                accepted.add(a);
            } catch (RuntimeException e) {
                metrics.refused.incrementAndGet();
                toMainWriter(new Refused(a.topic().path(), codec.encode(a.message()), "not storable as a reading: "
                        + rootCause(e), a.receivedAt(), a.ack(), a.topic(), a.message().id()));
            }
        }
        if (accepted.isEmpty()) {
            return;
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= limits.attempts(); attempt++) {
            try {
                readings.store(rows);
                last = null;
                break;
            } catch (RuntimeException e) {
                last = e;
                metrics.storeRetries.incrementAndGet();
                LockSupport.parkNanos(Duration.ofMillis(20L << attempt).toNanos());
            }
        }
        if (last != null) {
            metrics.storeFailures.addAndGet(accepted.size());
            String reason = "reading store failed after " + limits.attempts() + " attempts: " + rootCause(last);
            LOG.error("OPERATOR ALERT: {} reading(s) could not be stored and are kept as dead letters: {}",
                    accepted.size(), reason);
            feed.publish("operator.alert", Map.of("what", "readings could not be stored", "count", accepted.size(),
                    "reason", reason));
            for (Accepted a : accepted) {
                toMainWriter(new Refused(a.topic().path(), codec.encode(a.message()), reason, a.receivedAt(),
                        a.ack(), null, null));
            }
            return;
        }
        Receipts receipts = new Receipts();
        for (Accepted a : accepted) {
            a.ack().run();
            // InfluxDB overwrites a redelivered reading in place and cannot tell it was one: every reading counts
            // as accepted, and its receipt says so (equally final for the hub).
            metrics.accepted.incrementAndGet();
            receipts.add(a.topic(), a.message().id(), Receipt.Status.ACCEPTED, null);
        }
        receipts.send();
        if (!observers.isEmpty()) {
            tell(accepted.stream().map(a -> new Inbound(a.topic().tenant(), a.message(), a.receivedAt()))
                    .toList());
        }
    }

    /** Hands a refused reading to the main writer, which dead-letters and acknowledges it. */
    private void toMainWriter(Refused r) {
        try {
            bulk.put(r);
            LockSupport.unpark(writer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // not acknowledged: the broker will deliver it again
        }
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

    private static boolean needsReceipt(Message m) {
        return m.channel() != Channel.HEARTBEAT && m.channel() != Channel.STATUS;
    }

    /** One receipt per hub and status per batch (up to 500 ids each), sent without waiting for the PUBACK. */
    private final class Receipts {
        private record Key(TenantId tenant, HubId hub, Receipt.Status status, String reason) {
        }

        private final Map<Key, List<MessageId>> byHub = new LinkedHashMap<>();

        void add(Topic topic, MessageId id, Receipt.Status status, String reason) {
            byHub.computeIfAbsent(new Key(topic.tenant(), topic.hub(), status, reason), k -> new ArrayList<>()).add(id);
        }

        void send() {
            byHub.forEach((k, ids) -> {
                for (int from = 0; from < ids.size(); from += 500) {
                    Receipt r = new Receipt(ids.subList(from, Math.min(ids.size(), from + 500)), k.status(),
                            k.reason());
                    if (!downlink.send(k.tenant(), k.hub(), r)) {
                        metrics.receiptsFailed.incrementAndGet();
                    }
                }
            });
        }
    }

    private void announce(Accepted a, Instant now) {
        Message m = a.message();
        switch (m.body()) {
            case AlarmRaised alarm -> {
                metrics.alarms.incrementAndGet();
                store.alarm(alarm.alarm()).ifPresent(r -> feed.publish("alarm.received", Map.of("alarm", r,
                        "latencyMs", Math.max(0, now.toEpochMilli() - a.receivedAt().toEpochMilli()))));
            }
            case AlarmUpdate u -> store.alarm(u.alarm()).ifPresent(r -> feed.publish("alarm.updated", Map.of(
                    "alarm", r, "reason", u.reason())));
            case Event e -> feed.publish("event", Map.of("hub", a.topic().hub().value(), "code", e.code().name(),
                    "priority", e.priority().name(), "at", m.at().toEpochMilli()));
            default -> {
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(writer);
        if (readingWriter != null) {
            LockSupport.unpark(readingWriter);
        }
        try {
            writer.join(5_000);
            if (readingWriter != null) {
                readingWriter.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
