package org.hearthgate.relay.notify;

import java.util.function.Consumer;

/**
 * A channel whose far end is in this process: the demo's simulated phones and mailboxes, which print what a family
 * member or neighbour would receive. It delivers at once and never fails; real services configure SMTP, GOV.UK
 * Notify or an SMS gateway instead.
 */
public final class InProcessNotifier implements Notifier {
    private final Channel channel;
    private final Consumer<Outgoing> receiver;

    public InProcessNotifier(Channel channel, Consumer<Outgoing> receiver) {
        this.channel = channel;
        this.receiver = receiver;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Delivery send(Outgoing message) {
        receiver.accept(message);
        return new Delivery.Sent("in-process:" + message.idempotencyKey());
    }
}
