package org.hearthgate.hub.uplink;

import org.hearthgate.mqtt.MqttLink;

/** The hub's link to the broker. Publishing blocks until the broker's PUBACK or the timeout. */
public interface Uplink extends AutoCloseable {

    /** Connects in the background and keeps reconnecting; never throws for a missing network. */
    void start(Listener listener);

    boolean isConnected();

    /** Publishes at QoS 1; returns true once the broker has acknowledged it. */
    boolean publish(String topic, byte[] payload, boolean retained);

    /** An alarm is waiting for its receipt: retry the connection often, not after a long backoff. */
    default void urgent(boolean alarmWaiting) {
    }

    /** The connection's state for diagnostics; null when unknown. */
    default MqttLink.Status status() {
        return null;
    }

    @Override
    void close();

    /** Called on the uplink's threads. */
    interface Listener {
        void connected();

        void disconnected(String reason);

        void received(String topic, byte[] payload);
    }
}
