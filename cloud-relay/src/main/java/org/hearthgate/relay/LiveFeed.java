package org.hearthgate.relay;

/**
 * Where the relay announces what happened, for the console's live view. {@code event} is a dotted name such as
 * {@code alarm.received}; {@code data} is serialised as JSON.
 */
@FunctionalInterface
public interface LiveFeed {
    void publish(String event, Object data);

    LiveFeed NONE = (event, data) -> {
    };
}
