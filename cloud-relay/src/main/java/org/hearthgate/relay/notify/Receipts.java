package org.hearthgate.relay.notify;

/** A channel that can say later what became of a message it accepted (delivery receipts). */
public interface Receipts {
    /**
     * Looks up a message by the {@link Delivery.Sent#reference} its notifier returned. Never throws for a channel
     * problem: a failed look-up is {@link DeliveryStatus#UNKNOWN}.
     */
    DeliveryStatus status(String reference);
}
