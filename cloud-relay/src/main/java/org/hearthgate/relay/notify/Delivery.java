package org.hearthgate.relay.notify;

import java.time.Duration;

/** What one attempt came to. */
public sealed interface Delivery {
    /** Accepted by the channel; {@code reference} is its id for the message (for status look-ups), may be null. */
    record Sent(String reference) implements Delivery {
    }

    /** Worth another try later (timeouts, 429, 5xx); {@code retryAfter} when the channel said, else null. */
    record Transient(String reason, Duration retryAfter) implements Delivery {
    }

    /** Will never work as addressed (400, 403, a bad address): record it and take the next step. */
    record Permanent(String reason) implements Delivery {
    }
}
