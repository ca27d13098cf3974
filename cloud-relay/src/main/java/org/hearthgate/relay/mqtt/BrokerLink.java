package org.hearthgate.relay.mqtt;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.relay.Downlink;
import org.hearthgate.relay.ingest.Ingest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's MQTT 5 connection: a persistent session with a shared subscription on every hub's up topics (so
 * several relays split the load and the broker keeps QoS 1 messages while a relay restarts), and the down path.
 */
public final class BrokerLink implements Downlink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerLink.class);

    public record Settings(String brokerUrl, String clientId, String username, char[] password, String shareGroup) {
    }

    private final Settings settings;
    private final Ingest ingest;
    private final WireCodec codec = new WireCodec();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-connect");
        t.setDaemon(true);
        return t;
    });
    /** Down messages carry a relay-local monotonic sequence, seeded from the clock so restarts keep it rising. */
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
    private final java.time.Clock clock;
    /** Ingest runs here, never on Paho's callback thread, which must stay free to complete our own publishes. */
    private final java.util.concurrent.ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "relay-ingest");
        t.setDaemon(true);
        return t;
    });
    private MqttAsyncClient client;
    private volatile boolean closed;
    private long backoffMs = 500;

    public BrokerLink(Settings settings, Ingest ingest, java.time.Clock clock) {
        this.settings = settings;
        this.ingest = ingest;
        this.clock = clock;
    }

    /** Connects now and waits up to the timeout; keeps trying in the background either way. */
    public boolean start(long waitMs) {
        try {
            client = new MqttAsyncClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("broker.url: " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
        // We acknowledge a message only after it is stored: a relay that dies mid-way leaves it with the broker.
        client.setManualAcks(true);
        var done = new java.util.concurrent.CountDownLatch(1);
        connector.execute(() -> {
            connect();
            done.countDown();
        });
        try {
            done.await(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return client.isConnected();
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
        o.setReceiveMaximum(64);
        if (settings.username() != null) {
            o.setUserName(settings.username());
            o.setPassword(settings.password() == null ? null : new String(settings.password()).getBytes());
        }
        try {
            client.connect(o).waitForCompletion(15_000);
            client.subscribe(new MqttSubscription(Topics.sharedUp(settings.shareGroup()), 1)).waitForCompletion(10_000);
            backoffMs = 500;
            LOG.info("relay connected to {}", settings.brokerUrl());
        } catch (MqttException e) {
            LOG.warn("relay: cannot connect to {} ({}); retrying in {} ms", settings.brokerUrl(), e.getMessage(),
                    backoffMs);
            long delay = backoffMs;
            backoffMs = Math.min(backoffMs * 2, 30_000);
            if (!closed) {
                connector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    public boolean isConnected() {
        return client != null && client.isConnected();
    }

    @Override
    public boolean send(TenantId tenant, HubId hub, Payload body) {
        if (!isConnected()) {
            return false;
        }
        Message m = new Message(Message.SCHEMA_VERSION, MessageId.random(), hub, seq.incrementAndGet(),
                clock.instant(), body);
        try {
            IMqttToken t = client.publish(Topics.of(tenant, hub, body.channel()).path(), codec.encode(m), 1, false);
            t.waitForCompletion(10_000);
            return t.getException() == null;
        } catch (MqttException e) {
            LOG.warn("relay: cannot send {} to {}: {}", body.channel().level(), hub, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        worker.shutdownNow();
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(2_000);
                }
                client.close();
            } catch (MqttException e) {
                // closing anyway
            }
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("relay disconnected: {}", response.getReasonString());
            if (!closed) {
                connector.schedule(BrokerLink.this::connect, backoffMs, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("relay MQTT error: {}", exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            worker.execute(() -> {
                try {
                    ingest.accept(topic, message.getPayload());
                    client.messageArrivedComplete(message.getId(), message.getQos());
                } catch (MqttException e) {
                    LOG.warn("relay: cannot acknowledge message {}: {}", message.getId(), e.getMessage());
                } catch (RuntimeException e) {
                    // The store failed: do not acknowledge. Drop the connection so the broker redelivers the
                    // message (to this relay after it reconnects, or to another one of the shared group).
                    LOG.error("relay: ingest failed, leaving the message with the broker: {}", e.toString());
                    try {
                        client.disconnectForcibly(0, 1000, false);
                    } catch (MqttException ignored) {
                        // reconnect logic takes over
                    }
                }
            });
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
