package org.hearthgate.hub.uplink;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Uplink} over MQTT 5 with Eclipse Paho. A persistent session (clean start off, session kept for a week) makes
 * the broker hold receipts and acks sent down while the hub was away; the Last Will marks the hub offline (retained).
 * Paho's in-memory persistence is enough: the hub's own SQLite outbox is the durable copy of everything it sends.
 */
public final class MqttUplink implements Uplink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    /** What the uplink needs to know; {@code will} is the encoded "offline" status message. */
    public record Settings(String brokerUrl, String clientId, String username, char[] password, String downFilter,
            String statusTopic, byte[] will, Duration publishTimeout) {
    }

    private final Settings settings;
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "uplink-connect");
        t.setDaemon(true);
        return t;
    });
    private volatile MqttAsyncClient client;
    private volatile boolean closed;
    private Listener listener;
    private long backoffMs = 500;

    public MqttUplink(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
        try {
            client = new MqttAsyncClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("broker.url: " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
        connector.execute(this::connect);
    }

    private void connect() {
        if (closed || client.isConnected()) {
            return;
        }
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(7L * 24 * 3600);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        o.setAutomaticReconnect(false); // we reconnect ourselves, with backoff, so every path goes through connect()
        if (settings.username() != null) {
            o.setUserName(settings.username());
            o.setPassword(settings.password() == null ? null : new String(settings.password()).getBytes());
        }
        MqttMessage will = new MqttMessage(settings.will(), 1, true, new MqttProperties());
        o.setWill(settings.statusTopic(), will);
        try {
            client.connect(o).waitForCompletion(15_000);
            client.subscribe(new MqttSubscription(settings.downFilter(), 1)).waitForCompletion(10_000);
            backoffMs = 500;
            LOG.info("uplink connected to {}", settings.brokerUrl());
            listener.connected();
        } catch (MqttException e) {
            LOG.warn("uplink: cannot connect to {} ({}); retrying in {} ms", settings.brokerUrl(), e.getMessage(),
                    backoffMs);
            listener.disconnected(e.getMessage());
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, 30_000);
        connector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public boolean publish(String topic, byte[] payload, boolean retained) {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return false;
        }
        try {
            IMqttToken token = c.publish(topic, payload, 1, retained);
            token.waitForCompletion(settings.publishTimeout().toMillis());
            return token.isComplete() && token.getException() == null;
        } catch (MqttException e) {
            LOG.debug("uplink: publish to {} failed: {}", topic, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        MqttAsyncClient c = client;
        if (c != null) {
            try {
                if (c.isConnected()) {
                    c.disconnect().waitForCompletion(2_000);
                }
            } catch (MqttException e) {
                // closing anyway
            }
            try {
                c.close();
            } catch (MqttException e) {
                // closing anyway
            }
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("uplink disconnected: {}", response.getReasonString());
            listener.disconnected(String.valueOf(response.getReasonString()));
            connector.execute(() -> scheduleReconnect());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("uplink error: {}", exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            listener.received(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
