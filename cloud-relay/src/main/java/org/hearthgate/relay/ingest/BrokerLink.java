package org.hearthgate.relay.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.mqtt.Backoff;
import org.hearthgate.mqtt.MqttLink;
import org.hearthgate.relay.Downlink;
import org.hearthgate.relay.RelayMetrics;

/**
 * The relay's MQTT connection, on the shared {@link MqttLink}: what it subscribes to, and the down path.
 *
 * <p>Alarms and events are subscribed plainly, so <b>every</b> live relay gets each one and the store de-duplicates
 * them: with a shared subscription, Mosquitto keeps queueing a share of them for a relay that has gone (5 of 10
 * CRITICAL alarms waited for a dead relay's session to expire). Readings, heartbeats and status are shared among the
 * relays ({@code $share/<group>/...}) to split the load; a dead relay's share of those waits at most for its short
 * session expiry, and hubs resend anything without a receipt anyway. Messages are acknowledged to the broker only
 * after they are stored.
 */
public final class BrokerLink implements Downlink, AutoCloseable {

    /**
     * @param sessionExpiry  how long the broker queues for this relay while it is away: short, so a relay that has
     *                       gone for good strands nothing for long (other relays have the alarms; hubs resend readings)
     * @param receiveMaximum how many unacknowledged messages the broker may push to us: the ingest batch size
     */
    public record Settings(String brokerUrl, String clientId, String username, char[] password, String shareGroup,
            Duration sessionExpiry, int receiveMaximum, SSLSocketFactory tls) {
    }

    private final MqttLink link;
    private final WireCodec codec = new WireCodec();
    private final RelayMetrics metrics;
    /** Down messages carry a relay-local monotonic sequence, seeded from the clock so restarts keep it rising. */
    private final AtomicLong seq;
    private final Clock clock;

    public BrokerLink(Settings settings, Ingest ingest, MqttLink.Handler events, RelayMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        this.seq = new AtomicLong(clock.millis() * 1000);
        String share = "$share/" + settings.shareGroup() + "/";
        List<MqttLink.Subscription> subs = List.of(
                new MqttLink.Subscription(up(Channel.ALARM), 1),
                new MqttLink.Subscription(up(Channel.EVENT), 1),
                new MqttLink.Subscription(share + up(Channel.READING), 1),
                new MqttLink.Subscription(share + up(Channel.HEARTBEAT), 1),
                new MqttLink.Subscription(share + up(Channel.STATUS), 1));
        MqttLink.Settings s = MqttLink.Settings.of(settings.brokerUrl(), settings.clientId())
                .withCredentials(settings.username(), settings.password())
                .withSession(settings.sessionExpiry(), settings.receiveMaximum(), true)
                .withSubscriptions(subs)
                .withWindow(1_000, 50_000)
                // The relay is the alarm path for every hub: it never backs off for long.
                .withBackoff(new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .withTls(settings.tls());
        this.link = new MqttLink(s, new MqttLink.Handler() {
            @Override
            public void connected() {
                events.connected();
            }

            @Override
            public void disconnected(String reason) {
                events.disconnected(reason);
            }

            @Override
            public void message(String topic, byte[] payload, Runnable ack) {
                ingest.offer(topic, payload, ack);
            }
        }, clock);
    }

    private static String up(Channel c) {
        return Topics.ROOT + "/+/+/" + c.direction().level() + "/" + c.level();
    }

    public BrokerLink start() {
        link.start();
        return this;
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    public MqttLink.Status status() {
        return link.status();
    }

    /** Hands the message to the broker without waiting for its PUBACK; false if it could not even be handed over. */
    @Override
    public boolean send(TenantId tenant, HubId hub, Payload body) {
        Message m = new Message(Message.SCHEMA_VERSION, MessageId.random(), hub, seq.incrementAndGet(),
                clock.instant(), body);
        var sent = link.publish(Topics.of(tenant, hub, body.channel()).path(), codec.encode(m), false);
        if (sent.isCompletedExceptionally()) {
            return false;
        }
        sent.whenComplete((ok, error) -> {
            if (error != null) {
                metrics.receiptsFailed.incrementAndGet();
            }
        });
        return true;
    }

    @Override
    public void close() {
        link.close();
    }
}
