package org.hearthgate.contract.wire;

/** Retained "online"/"offline" state of a hub; "offline" is also the hub's MQTT Last Will. */
public record HubStatus(boolean online) implements Payload {
    @Override
    public Channel channel() {
        return Channel.STATUS;
    }
}
