package org.hearthgate.relay.notify;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import uk.gov.service.notify.Notification;
import uk.gov.service.notify.NotificationClient;
import uk.gov.service.notify.NotificationClientException;
import uk.gov.service.notify.NotificationList;

/**
 * What the Notify SMS and e-mail notifiers share: one {@link NotificationClient}, a time bound on every call (the
 * client sets no timeouts of its own, so each call runs on a virtual thread that is interrupted, closing its socket,
 * when the bound passes), the classification of Notify's errors and the status look-up.
 *
 * <p>Notify's errors (its API documentation): 400 {@code BadRequestError}/{@code ValidationError} and 403
 * {@code AuthError} are permanent; 429 {@code RateLimitError}/{@code TooManyRequestsError} and 500 {@code Exception}
 * are transient. Notify sends no Retry-After; the engine's backoff decides.
 */
final class GovUkNotify implements AutoCloseable {
    private final NotificationClient client;
    private final Duration timeout;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    GovUkNotify(NotifyConfig.Notify settings) {
        // The four-argument constructor: the shorter ones replace the JVM's default HTTPS socket factory.
        this.client = new NotificationClient(settings.apiKey(), settings.baseUrl(), null, null);
        this.timeout = Duration.ofSeconds(settings.timeoutSeconds());
    }

    NotificationClient client() {
        return client;
    }

    /** Thrown by {@link #call} when Notify did not answer in time. */
    static final class NoAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        NoAnswer(String message) {
            super(message);
        }
    }

    <T> T call(Callable<T> notifyCall) throws NotificationClientException, NoAnswer {
        Future<T> f = calls.submit(notifyCall);
        try {
            return f.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new NoAnswer("no answer from GOV.UK Notify within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new NoAnswer("interrupted while waiting for GOV.UK Notify");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NotificationClientException n) {
                throw n;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * One send of either kind ({@code sms} or {@code email}): first asks whether Notify already has a message under
     * this idempotency key (an earlier attempt whose answer was lost), then sends with {@code send}, which returns
     * Notify's notification id. Never throws for a delivery problem.
     */
    Delivery send(Outgoing message, String type, Callable<java.util.UUID> send) {
        Optional<String> earlier = earlier(message.idempotencyKey(), type);
        if (earlier.isPresent()) {
            return new Delivery.Sent(earlier.get());
        }
        try {
            return new Delivery.Sent(call(send).toString());
        } catch (NotificationClientException e) {
            return classify(e);
        } catch (NoAnswer e) {
            return new Delivery.Transient(e.getMessage(), null);
        } catch (org.json.JSONException e) {
            // Only a 201 answer is parsed, so Notify took the message: sending it again would send it twice.
            return new Delivery.Sent(null);
        } catch (RuntimeException e) {
            // the client throws unchecked exceptions for odd answers
            return new Delivery.Transient("GOV.UK Notify client failed: " + e.getClass().getSimpleName(), null);
        }
    }

    /** Notify's answer to a send that failed, classified. */
    static Delivery classify(NotificationClientException e) {
        int status = e.getHttpResult();
        if (status == 0) {
            // the client wraps I/O problems without a status: refused, reset, unknown host
            String cause = e.getCause() == null ? "I/O error" : e.getCause().getClass().getSimpleName();
            return new Delivery.Transient("cannot reach GOV.UK Notify (" + cause + ")", null);
        }
        String reason = "GOV.UK Notify " + status + " " + errors(e.getMessage());
        if (status == 429 || status >= 500 || status == 408) {
            return new Delivery.Transient(reason, null);
        }
        if (status >= 400) {
            return new Delivery.Permanent(reason);
        }
        return new Delivery.Transient(reason, null);
    }

    /** "BadRequestError: Can't send to this recipient using a team-only API key" from the JSON in the message. */
    private static String errors(String message) {
        if (message == null) {
            return "";
        }
        int brace = message.indexOf('{');
        if (brace < 0) {
            return shorten(message);
        }
        try {
            JSONArray errors = new JSONObject(message.substring(brace)).optJSONArray("errors");
            if (errors == null) {
                return "";
            }
            var text = new StringBuilder();
            for (int i = 0; i < errors.length(); i++) {
                JSONObject one = errors.optJSONObject(i);
                if (one != null) {
                    text.append(i == 0 ? "" : "; ").append(one.optString("error")).append(": ")
                            .append(one.optString("message"));
                }
            }
            return shorten(text.toString());
        } catch (JSONException bad) {
            return shorten(message.substring(brace));
        }
    }

    private static String shorten(String text) {
        String t = text.replaceAll("\\s+", " ").trim();
        return t.length() > 200 ? t.substring(0, 200) : t;
    }

    /**
     * The id of a message Notify already has under this reference ({@code GET /v2/notifications?reference=}), so a
     * retry after an answer that got lost (a timeout, a reset connection) does not send the message twice: Notify
     * itself does not de-duplicate on the reference. Empty when there is none or the look-up failed; a failed
     * look-up never holds a message back.
     */
    Optional<String> earlier(String reference, String type) {
        try {
            NotificationList list = call(() -> client.getNotifications(null, type, reference, null));
            return list.getNotifications().stream()
                    .filter(n -> n.getReference().map(reference::equals).orElse(false))
                    .map(n -> n.getId().toString())
                    .findFirst();
        } catch (NotificationClientException | NoAnswer | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code GET /v2/notifications/{id}}: Notify's status mapped to ours. */
    DeliveryStatus status(String notificationId) {
        if (notificationId == null || notificationId.isBlank()) {
            return DeliveryStatus.UNKNOWN;
        }
        try {
            Notification n = call(() -> client.getNotificationById(notificationId));
            return map(n.getStatus());
        } catch (NotificationClientException | NoAnswer | RuntimeException e) {
            return DeliveryStatus.UNKNOWN;
        }
    }

    /** Notify's statuses for text messages and e-mails (its API documentation, "Get message status"). */
    static DeliveryStatus map(String notifyStatus) {
        return switch (notifyStatus == null ? "" : notifyStatus) {
            case "created", "sending", "pending" -> DeliveryStatus.PENDING;
            case "delivered" -> DeliveryStatus.DELIVERED;
            case "permanent-failure", "temporary-failure", "technical-failure" -> DeliveryStatus.FAILED;
            case "sent" -> DeliveryStatus.UNCONFIRMED;
            default -> DeliveryStatus.UNKNOWN;
        };
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
