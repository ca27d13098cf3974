package org.hearthgate.contract.wire;

import java.time.Instant;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Require;

/**
 * One wire message: {@code v} schema version, {@code id} unique (for idempotency), {@code hub} the hub it concerns,
 * {@code seq} per-hub monotonic (per direction), {@code at} the time of the thing reported (UTC, ms) and a typed body.
 */
public record Message(int v, MessageId id, HubId hub, long seq, Instant at, Payload body) {
    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    public Message {
        if (v < 1 || v > SCHEMA_VERSION) {
            throw new IllegalArgumentException("v: schema version " + v + " is not supported (this side speaks 1.."
                    + SCHEMA_VERSION + ")");
        }
        Require.present(id, "id");
        Require.present(hub, "hub");
        Require.atLeast(seq, 0, "seq");
        Require.present(at, "at");
        Require.present(body, "body");
    }

    public static Message of(HubId hub, long seq, Instant at, Payload body) {
        return new Message(SCHEMA_VERSION, MessageId.random(), hub, seq, at, body);
    }

    public Channel channel() {
        return body.channel();
    }
}
