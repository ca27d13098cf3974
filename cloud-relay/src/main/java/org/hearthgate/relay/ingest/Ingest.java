package org.hearthgate.relay.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.AlarmUpdate;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Receipt;
import org.hearthgate.contract.wire.Topic;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.contract.wire.WireFormatException;
import org.hearthgate.relay.Downlink;
import org.hearthgate.relay.LiveFeed;
import org.hearthgate.relay.RelayMetrics;
import org.hearthgate.relay.store.RelayStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in one up message: validate against its topic, store idempotently, send the receipt down, tell the console.
 * A payload that fails validation is counted and kept in the dead-letter store, and never stops anything. The log
 * names the topic and the reason only: payloads may hold health data.
 */
public final class Ingest {
    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

    private final RelayStore store;
    private final Downlink downlink;
    private final LiveFeed feed;
    private final RelayMetrics metrics;
    private final Clock clock;
    private final WireCodec codec = new WireCodec();

    public Ingest(RelayStore store, Downlink downlink, LiveFeed feed, RelayMetrics metrics, Clock clock) {
        this.store = store;
        this.downlink = downlink;
        this.feed = feed;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Handles one message. Throws only when the store itself fails, so that the broker redelivers the message
     * (we have not taken it); every problem with the message itself ends in the dead-letter store.
     */
    public void accept(String topicName, byte[] payload) {
        Instant now = clock.instant();
        metrics.received.incrementAndGet();
        Topic topic;
        Message message;
        try {
            topic = Topics.parse(topicName);
            if (topic.channel().direction() != Channel.Direction.UP) {
                throw new WireFormatException("topic", "the cloud ingests only up topics");
            }
            message = codec.decode(topic, payload);
        } catch (WireFormatException e) {
            metrics.rejected.incrementAndGet();
            LOG.warn("rejected a message on {}: {}", topicName, e.getMessage());
            store.deadLetter(topicName, payload, e.getMessage(), now);
            feed.publish("ingest.rejected", Map.of("topic", String.valueOf(topicName), "reason", e.getMessage()));
            return;
        }
        boolean fresh = store.ingest(topic.tenant(), message, now);
        if (fresh) {
            metrics.accepted.incrementAndGet();
        } else {
            metrics.duplicates.incrementAndGet();
        }
        if (needsReceipt(message)) {
            // A duplicate gets its receipt again: the first one may have been lost on the way down.
            Receipt receipt = new Receipt(List.of(message.id()),
                    fresh ? Receipt.Status.ACCEPTED : Receipt.Status.DUPLICATE, null);
            if (!downlink.send(topic.tenant(), topic.hub(), receipt)) {
                metrics.receiptsFailed.incrementAndGet();
            }
        }
        if (fresh) {
            announce(topic, message, now);
        }
    }

    private static boolean needsReceipt(Message m) {
        return m.channel() != Channel.HEARTBEAT && m.channel() != Channel.STATUS;
    }

    private void announce(Topic topic, Message m, Instant now) {
        switch (m.body()) {
            case AlarmRaised a -> {
                metrics.alarms.incrementAndGet();
                store.alarm(a.alarm()).ifPresent(r -> feed.publish("alarm.received", Map.of("alarm", r,
                        "latencyMs", Math.max(0, now.toEpochMilli() - m.at().toEpochMilli()))));
            }
            case AlarmUpdate u -> store.alarm(u.alarm()).ifPresent(r -> feed.publish("alarm.updated", Map.of(
                    "alarm", r, "reason", u.reason())));
            case Event e -> feed.publish("event", Map.of("hub", topic.hub().value(), "code", e.code().name(),
                    "priority", e.priority().name(), "at", m.at().toEpochMilli()));
            default -> {
            }
        }
    }
}
