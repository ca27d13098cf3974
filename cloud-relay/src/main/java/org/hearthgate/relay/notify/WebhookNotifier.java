package org.hearthgate.relay.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signed webhooks: POSTs {@link Outgoing#data} (a {@link WebhookBody}) as JSON to a configured receiver, signed as
 * {@link WebhookSignature} describes, with the idempotency key in {@code X-Hearthgate-Idempotency-Key} so the
 * receiver can drop a repeat. The address must be one of the configured URLs: signed alarm data never goes to a URL
 * that only appears in a policy.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private record Receiver(NotifyConfig.Webhook settings, HttpDelivery http) {
    }

    private final Map<String, Receiver> receivers = new LinkedHashMap<>();
    private final Clock clock;

    public WebhookNotifier(List<NotifyConfig.Webhook> webhooks, Clock clock) {
        this.clock = clock;
        for (NotifyConfig.Webhook w : webhooks) {
            receivers.put(w.url(), new Receiver(w, new HttpDelivery(Duration.ofSeconds(w.timeoutSeconds()), clock)));
        }
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public Delivery send(Outgoing message) {
        Receiver receiver = receivers.get(message.address());
        if (receiver == null) {
            return new Delivery.Permanent("no webhook is configured for this address");
        }
        String body;
        try {
            body = JSON.writeValueAsString(message.data());
        } catch (JsonProcessingException e) {
            return new Delivery.Permanent("cannot write the body: " + e.getClass().getSimpleName());
        }
        long now = clock.instant().getEpochSecond();
        HttpDelivery.Answer answer = receiver.http().post(receiver.settings().url(), Map.of(
                WebhookSignature.TIMESTAMP_HEADER, Long.toString(now),
                WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(receiver.settings().secret(), now, body),
                WebhookSignature.IDEMPOTENCY_HEADER, message.idempotencyKey()), body);
        return answer.delivery();
    }

    @Override
    public void close() {
        receivers.values().forEach(r -> r.http().close());
    }
}
