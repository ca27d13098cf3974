package org.hearthgate.relay.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SMS through a generic HTTPS gateway: {@code POST url} with {@code {"to","text","reference"}} as JSON, the bearer
 * token, and the idempotency key both as {@code reference} and as an {@code Idempotency-Key} header, so a gateway
 * that de-duplicates can. The gateway's {@code id} in a 2xx answer becomes the delivery's reference.
 */
public final class HttpSmsNotifier implements Notifier, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotifyConfig.HttpSms settings;
    private final HttpDelivery http;

    public HttpSmsNotifier(NotifyConfig.HttpSms settings, Clock clock) {
        this.settings = settings;
        this.http = new HttpDelivery(Duration.ofSeconds(settings.timeoutSeconds()), clock);
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public Delivery send(Outgoing message) {
        var body = new LinkedHashMap<String, Object>();
        body.put("to", message.address());
        body.put("text", message.text());
        body.put("reference", message.idempotencyKey());
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            return new Delivery.Permanent("cannot write the request: " + e.getClass().getSimpleName());
        }
        HttpDelivery.Answer answer = http.post(settings.url(), Map.of(
                "Authorization", "Bearer " + settings.token(),
                "Idempotency-Key", message.idempotencyKey()), json);
        if (answer.delivery() instanceof Delivery.Sent) {
            return new Delivery.Sent(gatewayId(answer.body()));
        }
        return answer.delivery();
    }

    /** The gateway's own id for the message, when its answer is JSON with a text or number {@code id}. */
    private static String gatewayId(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode id = JSON.readTree(body).path("id");
            return id.isTextual() || id.isNumber() ? id.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
