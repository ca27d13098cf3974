package org.hearthgate.relay.escalation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.relay.notify.Channel;
import org.hearthgate.relay.notify.Delivery;
import org.hearthgate.relay.notify.Notifier;
import org.hearthgate.relay.notify.Outgoing;

/** A notifier that keeps what it was asked to send; answers Sent unless a reply is scripted for the address. */
final class RecordingNotifier implements Notifier {
    private final Channel channel;
    private final List<Outgoing> sent;
    private final Map<String, ConcurrentLinkedDeque<Delivery>> scripted = new ConcurrentHashMap<>();

    RecordingNotifier(Channel channel) {
        this(channel, new CopyOnWriteArrayList<>());
    }

    /** Several notifiers (one per relay) may share one list: what all relays sent. */
    RecordingNotifier(Channel channel, List<Outgoing> shared) {
        this.channel = channel;
        this.sent = shared;
    }

    RecordingNotifier answer(String address, Delivery... replies) {
        scripted.computeIfAbsent(address, a -> new ConcurrentLinkedDeque<>()).addAll(List.of(replies));
        return this;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Delivery send(Outgoing message) {
        Delivery reply = scripted.getOrDefault(message.address(), new ConcurrentLinkedDeque<>()).poll();
        if (reply == null || reply instanceof Delivery.Sent) {
            sent.add(message);
        }
        return reply == null ? new Delivery.Sent("ref-" + message.idempotencyKey()) : reply;
    }

    List<Outgoing> sent() {
        return sent;
    }

    List<Outgoing> sentTo(String address) {
        return sent.stream().filter(o -> o.address().equals(address)).toList();
    }
}
