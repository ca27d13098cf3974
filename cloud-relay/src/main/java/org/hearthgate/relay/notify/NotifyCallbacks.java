package org.hearthgate.relay.notify;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GOV.UK Notify's delivery-receipt callback ({@code POST /notify/receipts}): Notify posts each text message's and
 * e-mail's final status with the bearer token the service set in Notify's settings. A receipt becomes a line on the
 * alarm's timeline ("delivered", or "failed" with Notify's reason), so a responder sees that the daughter's text
 * never reached her phone. Unknown ids are answered 200 too (Notify retries anything else, and a message sent before
 * a database restore is not an error worth retrying); a wrong token is a 401.
 */
public final class NotifyCallbacks {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyCallbacks.class);

    /** What a receipt is recorded into: the escalation engine's {@code receipt}. */
    @FunctionalInterface
    public interface Sink {
        /** @param delivered true: delivered; false: failed for good, {@code detail} says why */
        boolean receipt(Channel channel, String reference, boolean delivered, String detail);
    }

    private final byte[] token;
    private final Sink sink;

    public NotifyCallbacks(String token, Sink sink) {
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.sink = sink;
    }

    public void mount(Router router) {
        router.post("/notify/receipts").blockingHandler(this::receipt);
    }

    private void receipt(RoutingContext ctx) {
        String auth = ctx.request().getHeader("authorization");
        if (auth == null || !MessageDigest.isEqual(token, auth.getBytes(StandardCharsets.UTF_8))) {
            ctx.response().setStatusCode(401).end();
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        Channel channel = body == null ? null : switch (String.valueOf(body.getValue("notification_type"))) {
            case "sms" -> Channel.SMS;
            case "email" -> Channel.EMAIL;
            default -> null;
        };
        Object id = body == null ? null : body.getValue("id");
        Object status = body == null ? null : body.getValue("status");
        if (channel == null || !(id instanceof String reference) || !(status instanceof String s)) {
            ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
                    .end("{\"error\":\"id, status and notification_type (sms or email) are required\"}");
            return;
        }
        // Notify's callback statuses: delivered, or one of three failures; the intermediate ones are not posted.
        Boolean delivered = switch (s) {
            case "delivered" -> true;
            case "permanent-failure" -> false;
            case "temporary-failure" -> false;
            case "technical-failure" -> false;
            default -> null;
        };
        if (delivered != null && !sink.receipt(channel, reference, delivered, delivered ? null : failure(s))) {
            LOG.info("Notify receipt for a message this relay did not send (or no longer holds)");
        }
        ctx.response().setStatusCode(200).end();
    }

    /** Notify's failure statuses in words for the timeline (its "Delivery statuses" documentation). */
    static String failure(String status) {
        return switch (status) {
            case "permanent-failure" -> "the number or address does not exist or has blocked the service";
            case "temporary-failure" -> "the phone was off or the inbox full, and Notify gave up after 72 hours";
            default -> "a technical failure at GOV.UK Notify";
        };
    }
}
