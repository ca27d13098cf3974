package org.hearthgate.relay.notify;

/**
 * One channel to people (e-mail, SMS, webhook, console). {@link #send} makes one attempt and says what came of it;
 * the escalation engine keeps the durable record and retries a {@link Delivery.Transient} later, never a
 * {@link Delivery.Permanent}. An implementation never throws for a delivery problem: it classifies it.
 */
public interface Notifier {
    Channel channel();

    /** One attempt to deliver {@code message}. Must pass {@link Outgoing#idempotencyKey} on where the channel can. */
    Delivery send(Outgoing message);
}
