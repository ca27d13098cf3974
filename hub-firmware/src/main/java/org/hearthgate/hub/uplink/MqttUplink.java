package org.hearthgate.hub.uplink;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSocketFactory;
import org.hearthgate.mqtt.MqttLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Uplink} over MQTT 5 on the shared {@link MqttLink}: a persistent session (kept for a week) makes the broker
 * hold receipts and acks sent down while the hub was away; the Last Will marks the hub offline (retained). The link
 * keeps nothing of a connection after it drops: the hub's SQLite outbox is the durable copy of everything it sends
 * and re-sends it after every reconnect.
 */
public final class MqttUplink implements Uplink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    /**
     * What the uplink needs to know; {@code will} is the encoded "offline" status message; {@code tls} the socket
     * factory for an {@code ssl://} broker ({@link org.hearthgate.mqtt.Tls}), or null.
     */
    public record Settings(String brokerUrl, String clientId, String username, char[] password, String downFilter,
            String statusTopic, byte[] will, Duration publishTimeout, SSLSocketFactory tls) {

        /** Without TLS files: plain TCP, or {@code ssl://} to a broker with a public CA's certificate. */
        public Settings(String brokerUrl, String clientId, String username, char[] password, String downFilter,
                String statusTopic, byte[] will, Duration publishTimeout) {
            this(brokerUrl, clientId, username, password, downFilter, statusTopic, will, publishTimeout, null);
        }
    }

    private final Settings settings;
    private volatile MqttLink link;
    private volatile boolean urgent;

    public MqttUplink(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void start(Listener listener) {
        MqttLink.Settings s = MqttLink.Settings.of(settings.brokerUrl(), settings.clientId())
                .withCredentials(settings.username(), settings.password())
                .withTls(settings.tls())
                .withWill(new MqttLink.Will(settings.statusTopic(), settings.will()))
                .withSubscriptions(List.of(new MqttLink.Subscription(settings.downFilter(), 1)));
        link = new MqttLink(s, new MqttLink.Handler() {
            @Override
            public void connected() {
                listener.connected();
            }

            @Override
            public void disconnected(String reason) {
                listener.disconnected(reason);
            }

            @Override
            public void message(String topic, byte[] payload, Runnable ack) {
                listener.received(topic, payload);
            }
        }, Clock.systemUTC());
        link.setUrgent(urgent);
        link.start();
    }

    @Override
    public boolean isConnected() {
        MqttLink l = link;
        return l != null && l.isConnected();
    }

    @Override
    public boolean publish(String topic, byte[] payload, boolean retained) {
        MqttLink l = link;
        if (l == null) {
            return false;
        }
        try {
            l.publish(topic, payload, retained).get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("uplink: publish to {} failed: {}", topic, e.getCause() == null ? e : e.getCause().getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void urgent(boolean alarmWaiting) {
        urgent = alarmWaiting;
        MqttLink l = link;
        if (l != null) {
            l.setUrgent(alarmWaiting);
        }
    }

    @Override
    public MqttLink.Status status() {
        MqttLink l = link;
        return l == null ? null : l.status();
    }

    @Override
    public void close() {
        MqttLink l = link;
        if (l != null) {
            l.close();
        }
    }
}
