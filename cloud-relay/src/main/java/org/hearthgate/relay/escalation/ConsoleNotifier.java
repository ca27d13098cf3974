package org.hearthgate.relay.escalation;

import java.util.Map;
import org.hearthgate.relay.LiveFeed;
import org.hearthgate.relay.notify.Channel;
import org.hearthgate.relay.notify.Delivery;
import org.hearthgate.relay.notify.Notifier;
import org.hearthgate.relay.notify.Outgoing;

/**
 * The CONSOLE channel: a step that pages responders through the console publishes {@code escalation.page} on the
 * live feed (the console sounds it for the named login; the feed reaches every relay's consoles through the
 * broker). Without a notifier for CONSOLE, console steps fail and the chain hurries on to its next step.
 */
public final class ConsoleNotifier implements Notifier {
    private final LiveFeed feed;

    public ConsoleNotifier(LiveFeed feed) {
        this.feed = feed;
    }

    @Override
    public Channel channel() {
        return Channel.CONSOLE;
    }

    @Override
    public Delivery send(Outgoing message) {
        String alarmId = message.idempotencyKey().substring(0, message.idempotencyKey().indexOf('/'));
        try {
            feed.publish("escalation.page", Map.of("alarmId", alarmId, "login", message.address(), "text",
                    message.text(), "key", message.idempotencyKey()));
            return new Delivery.Sent(null);
        } catch (RuntimeException e) {
            return new Delivery.Transient("live feed: " + e.getMessage(), null);
        }
    }
}
