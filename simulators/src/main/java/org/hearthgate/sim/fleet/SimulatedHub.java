package org.hearthgate.sim.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Receipt;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.contract.wire.WireFormatException;

/**
 * One simulated hub on the wire: its own MQTT 5 connection, client id and credentials (user name = hub id), the real
 * topics and payloads ({@link WireCodec}), QoS 1 up, and a QoS 1 subscription on its down topic to see receipts.
 * It has no outbox, rules or devices: it is load, not a hub. At most {@code inFlight} publishes wait for their
 * PUBACK at once (the real hub's uplink sends one at a time); a caller on a virtual thread simply blocks for a slot.
 *
 * <p>With {@code resendUntilReceipt} it keeps what the real hub keeps: every reading and alarm is held (in memory)
 * until the relay's receipt names it and re-sent by {@link #resendDue} until then; the connection reconnects by itself
 * and subscribes again. Without it (the default) a message is sent once, as load.
 */
public final class SimulatedHub implements AutoCloseable {
    private static final DeviceId OXIMETER = DeviceId.of("oximeter-1");
    private static final DeviceId PENDANT = DeviceId.of("pendant-1");

    /** A message this hub handed to the broker; {@code sentNanos} is {@link System#nanoTime()} just before. */
    public record Sent(MessageId message, long sentNanos) {
    }

    /** An alarm this hub raised: the message that carries it and the alarm's own id (what the console shows). */
    public record SentAlarm(MessageId message, AlarmId alarm, long sentNanos) {
    }

    private final TenantId tenant;
    private final HubId id;
    private final ResidentId resident;
    private final MqttAsyncClient client;
    private final Semaphore window;
    private final AtomicLong seq = new AtomicLong();
    private final WireCodec codec;
    private final Clock clock;
    private final FleetCounters counters;
    private final ReceiptListener receipts;
    private final Instant started;
    private final boolean resendUntilReceipt;
    /** Unreceipted messages (resend mode only): id -> what to send again, and when it was last sent. */
    private final java.util.Map<MessageId, Held> held = new java.util.concurrent.ConcurrentHashMap<>();

    private record Held(String topic, byte[] payload, long lastSentNanos) {
    }

    SimulatedHub(TenantId tenant, HubId id, String brokerUrl, int inFlight, PahoExecutor executor, WireCodec codec,
            Clock clock, FleetCounters counters, ReceiptListener receipts) throws MqttException {
        this(tenant, id, brokerUrl, inFlight, executor, codec, clock, counters, receipts, false);
    }

    SimulatedHub(TenantId tenant, HubId id, String brokerUrl, int inFlight, PahoExecutor executor, WireCodec codec,
            Clock clock, FleetCounters counters, ReceiptListener receipts, boolean resendUntilReceipt)
            throws MqttException {
        this.resendUntilReceipt = resendUntilReceipt;
        this.tenant = tenant;
        this.id = id;
        this.resident = ResidentId.of("res-" + id);
        this.window = new Semaphore(inFlight);
        this.codec = codec;
        this.clock = clock;
        this.counters = counters;
        this.receipts = receipts;
        this.started = clock.instant();
        this.client = new MqttAsyncClient(brokerUrl, "hub-" + id, new MemoryPersistence(), null, executor);
        this.client.setCallback(new DownCallback());
    }

    public HubId id() {
        return id;
    }

    /** Connects with this hub's credentials and subscribes to its down topic; completes when both are done. */
    CompletableFuture<Void> connect(char[] password) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setKeepAliveInterval(60);
        o.setConnectionTimeout(30);
        o.setAutomaticReconnect(resendUntilReceipt);
        o.setAutomaticReconnectDelay(1, 2);
        o.setSocketFactory(org.hearthgate.mqtt.NoDelaySockets.plain());
        o.setUserName(id.value());
        o.setPassword(new String(password).getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.connect(o, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    try {
                        client.subscribe(new MqttSubscription[] {new MqttSubscription(Topics.downTo(tenant, id), 1)},
                                null, listener(() -> done.complete(null), done::completeExceptionally),
                                new MqttProperties());
                    } catch (MqttException e) {
                        done.completeExceptionally(e);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Sends one SpO2 reading; blocks while {@code inFlight} publishes await their PUBACK. */
    public Sent sendReading() throws InterruptedException {
        Instant now = clock.instant();
        Sent sent = send(new org.hearthgate.contract.wire.Reading(resident, new OxygenSaturation(OXIMETER, now,
                Quantity.of(96, Ucum.PERCENT), Quantity.of(72, Ucum.PER_MIN), null, Set.of()), now), now);
        counters.readingsSent.increment();
        return sent;
    }

    /** Raises one pendant alarm (a new alarm id each time); blocks like {@link #sendReading()}. */
    public SentAlarm raiseAlarm() throws InterruptedException {
        Instant now = clock.instant();
        AlarmId alarm = AlarmId.random();
        Sent sent = send(new AlarmRaised(alarm, resident, EventCode.PERSONAL_TRIGGER, Priority.CRITICAL,
                "bench:" + alarm, PENDANT, "Pendant pressed (benchmark)", new PendantPress(PENDANT, now)), now);
        counters.alarmsSent.increment();
        return new SentAlarm(sent.message(), alarm, sent.sentNanos());
    }

    /** Sends a heartbeat announcing the next one in {@code intervalS} seconds. */
    public Sent heartbeat(int intervalS) throws InterruptedException {
        Instant now = clock.instant();
        Sent sent = send(new Heartbeat(intervalS, Math.max(0, now.getEpochSecond() - started.getEpochSecond()), 0,
                0, "fleet-sim"), now);
        counters.heartbeatsSent.increment();
        return sent;
    }

    private Sent send(Payload body, Instant at) throws InterruptedException {
        Message m = Message.of(id, seq.incrementAndGet(), at, body);
        byte[] payload = codec.encode(m);
        String topic = Topics.of(tenant, id, body.channel()).path();
        window.acquire();
        long sentNanos = System.nanoTime();
        if (resendUntilReceipt && !(body instanceof Heartbeat)) {
            held.put(m.id(), new Held(topic, payload, sentNanos));
        }
        publish(topic, payload);
        return new Sent(m.id(), sentNanos);
    }

    /** Messages sent and not yet receipted (resend mode; 0 otherwise). */
    public int unreceipted() {
        return held.size();
    }

    /**
     * Resend mode: sends again every held message last sent more than {@code afterNanos} ago, as the real hub's
     * outbox does; returns how many. Never waits for a window slot: what finds the window full goes next round.
     */
    public int resendDue(long afterNanos) {
        if (!client.isConnected()) {
            return 0;
        }
        int n = 0;
        long now = System.nanoTime();
        for (var e : held.entrySet()) {
            Held h = e.getValue();
            // A full window (a publish still awaiting its PUBACK) waits for the next round: one stuck hub must not
            // hold up the others' re-sends.
            if (now - h.lastSentNanos() > afterNanos && window.tryAcquire()) {
                if (!held.replace(e.getKey(), h, new Held(h.topic(), h.payload(), now))) {
                    window.release();
                    continue;
                }
                counters.resends.increment();
                publish(h.topic(), h.payload());
                n++;
            }
        }
        return n;
    }

    /** Publishes with a window slot already taken; the slot is given back on PUBACK or failure. */
    private void publish(String topic, byte[] payload) {
        try {
            client.publish(topic, payload, 1, false, null, listener(() -> {
                counters.pubacks.increment();
                window.release();
            }, e -> {
                counters.publishFailures.increment();
                window.release();
            }));
        } catch (MqttException | RuntimeException e) {
            counters.publishFailures.increment();
            window.release();
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    private static MqttActionListener listener(Runnable ok, java.util.function.Consumer<Throwable> failed) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                ok.run();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                failed.accept(e);
            }
        };
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }

    private final class DownCallback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            long now = System.nanoTime();
            try {
                Message m = codec.decode(Topics.parse(topic), message.getPayload());
                if (m.body() instanceof Receipt r) {
                    r.refs().forEach(held::remove);
                    counters.receipts.increment();
                    counters.receiptRefs.add(r.refs().size());
                    receipts.receipted(id, r.refs(), now);
                }
            } catch (WireFormatException e) {
                // not ours to judge: the bench counts only receipts
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            counters.connectionsLost.increment();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (reconnect) {
                // A clean session: the broker forgot the down subscription, so the receipts would go nowhere.
                counters.reconnects.increment();
                try {
                    client.subscribe(new MqttSubscription[] {new MqttSubscription(Topics.downTo(tenant, id), 1)},
                            null, null, new MqttProperties());
                } catch (MqttException e) {
                    // the next reconnect tries again
                }
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
