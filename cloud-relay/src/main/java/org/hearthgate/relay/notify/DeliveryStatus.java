package org.hearthgate.relay.notify;

/** What a channel later says became of a message it accepted ({@link Delivery.Sent}). */
public enum DeliveryStatus {
    /** Still on its way (queued, sending, waiting for the network's receipt): ask again later. */
    PENDING,
    /** The recipient's phone or mailbox has it. */
    DELIVERED,
    /** It will not arrive (a bad number, a full inbox that gave up, a provider failure): take the next step. */
    FAILED,
    /** Handed on, but this network never sends receipts (Notify's "sent" for international numbers). Final. */
    UNCONFIRMED,
    /** The look-up itself failed (unreachable, unknown reference): nothing learnt, ask again later. */
    UNKNOWN
}
