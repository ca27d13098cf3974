package org.hearthgate.contract.wire;

import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;

/**
 * The topic scheme, version 1: {@code hg/v1/{tenant}/{hub}/up/{reading|alarm|event|heartbeat|status}} and
 * {@code hg/v1/{tenant}/{hub}/down/{receipt|ack|config|command}}. {@code status} is retained and is the hub's Last
 * Will ("offline"). A hub may publish only under its own {hub}; the broker ACL enforces it and the cloud checks again.
 */
public final class Topics {
    public static final String ROOT = "hg/v1";

    private Topics() {
    }

    public static Topic of(TenantId tenant, HubId hub, Channel channel) {
        return new Topic(tenant, hub, channel);
    }

    /** Everything any hub of any tenant sends up: what the cloud ingests. */
    public static String allUp() {
        return ROOT + "/+/+/up/#";
    }

    /** The cloud's ingest filter as an MQTT 5 shared subscription, so several relays split the load. */
    public static String sharedUp(String group) {
        return "$share/" + group + "/" + allUp();
    }

    /** Everything sent down to one hub. */
    public static String downTo(TenantId tenant, HubId hub) {
        return ROOT + "/" + tenant + "/" + hub + "/down/#";
    }

    /**
     * Parses a concrete topic.
     *
     * @throws WireFormatException naming the level that is wrong
     */
    public static Topic parse(String topic) {
        if (topic == null) {
            throw new WireFormatException("topic", "is required");
        }
        String[] levels = topic.split("/", -1);
        if (levels.length != 6 || !"hg".equals(levels[0]) || !"v1".equals(levels[1])) {
            throw new WireFormatException("topic", "'" + topic + "' is not hg/v1/{tenant}/{hub}/{up|down}/{channel}");
        }
        Channel channel = Channel.of(levels[4], levels[5]);
        if (channel == null) {
            throw new WireFormatException("topic", "unknown channel '" + levels[4] + "/" + levels[5] + "'");
        }
        try {
            return new Topic(TenantId.of(levels[2]), HubId.of(levels[3]), channel);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("topic", e.getMessage());
        }
    }
}
