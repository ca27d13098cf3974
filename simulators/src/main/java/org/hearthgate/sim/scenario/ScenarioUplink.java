package org.hearthgate.sim.scenario;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Receipt;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.contract.wire.WireFormatException;
import org.hearthgate.hub.uplink.Uplink;
import org.hearthgate.mqtt.MqttLink;

/**
 * The hub's uplink in a scenario: the home's broadband, which a scenario can cut and restore, in front of either a
 * real uplink (an MQTT connection to a running cloud) or, with none, a loopback cloud that accepts every message and
 * answers with a receipt at once, as the relay does. Either way it keeps every message the broker acknowledged, so a
 * scenario can say what reached the cloud.
 */
final class ScenarioUplink implements Uplink {
    private final Uplink cloud;
    private final TenantId tenant;
    private final HubId hub;
    private final Clock clock;
    private final WireCodec codec = new WireCodec();
    /** By message id: a message re-sent after a lost link reached the cloud once. */
    private final Map<MessageId, Message> delivered = new LinkedHashMap<>();
    private volatile boolean broadband = true;
    private volatile Listener listener;

    /** @param cloud the real uplink, or null for the loopback cloud */
    ScenarioUplink(Uplink cloud, TenantId tenant, HubId hub, Clock clock) {
        this.cloud = cloud;
        this.tenant = tenant;
        this.hub = hub;
        this.clock = clock;
    }

    @Override
    public void start(Listener l) {
        listener = l;
        if (cloud == null) {
            l.connected();
            return;
        }
        cloud.start(new Listener() {
            @Override
            public void connected() {
                if (broadband) {
                    l.connected();
                }
            }

            @Override
            public void disconnected(String reason) {
                l.disconnected(reason);
            }

            @Override
            public void received(String topic, byte[] payload) {
                if (broadband) {
                    l.received(topic, payload);
                }
            }
        });
    }

    /** Cuts the home's broadband or brings it back (the hub then re-sends whatever it holds). */
    void broadband(boolean up) {
        boolean was = broadband;
        broadband = up;
        Listener l = listener;
        if (l == null || was == up) {
            return;
        }
        if (up && isConnected()) {
            l.connected();
        } else if (!up) {
            l.disconnected("broadband down (scenario)");
        }
    }

    @Override
    public boolean isConnected() {
        return broadband && (cloud == null || cloud.isConnected());
    }

    @Override
    public boolean publish(String topic, byte[] payload, boolean retained) {
        if (!isConnected()) {
            return false;
        }
        if (cloud != null && !cloud.publish(topic, payload, retained)) {
            return false;
        }
        Message m;
        try {
            m = codec.decode(Topics.parse(topic), payload);
        } catch (WireFormatException e) {
            throw new IllegalStateException("the hub published a message its own codec refuses", e);
        }
        synchronized (this) {
            delivered.putIfAbsent(m.id(), m);
            notifyAll();
        }
        Channel ch = m.body().channel();
        if (cloud == null && (ch == Channel.READING || ch == Channel.ALARM || ch == Channel.EVENT)) {
            Message receipt = new Message(Message.SCHEMA_VERSION, MessageId.random(), hub, 0, clock.instant(),
                    new Receipt(List.of(m.id()), Receipt.Status.ACCEPTED, null));
            listener.received(Topics.of(tenant, hub, Channel.RECEIPT).path(), codec.encode(receipt));
        }
        return true;
    }

    /** Every message that reached the broker (or the loopback cloud), once each, in order of arrival. */
    synchronized List<Message> delivered() {
        return new ArrayList<>(delivered.values());
    }

    /** Waits up to {@code millis} for the next delivery. */
    synchronized void awaitDelivery(long millis) throws InterruptedException {
        wait(millis);
    }

    @Override
    public void urgent(boolean alarmWaiting) {
        if (cloud != null) {
            cloud.urgent(alarmWaiting);
        }
    }

    @Override
    public MqttLink.Status status() {
        return cloud == null ? null : cloud.status();
    }

    @Override
    public void close() {
        if (cloud != null) {
            cloud.close();
        }
    }
}
