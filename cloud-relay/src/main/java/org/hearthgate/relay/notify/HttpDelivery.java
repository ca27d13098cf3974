package org.hearthgate.relay.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * One JSON POST to an HTTP endpoint, classified the way every HTTP channel here needs it: 2xx sent; 408, 429 and 5xx
 * worth another try (with the server's {@code Retry-After} when it gave one); other 4xx never will work as sent;
 * no answer at all (refused, reset, timed out) is transient. Redirects are not followed: a webhook or gateway that
 * moved is a configuration to fix, not something to chase with signed personal data.
 */
final class HttpDelivery implements AutoCloseable {
    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    HttpDelivery(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    /** The answer of a POST that got one; {@code body} is what the server said (for a reference). */
    record Answer(Delivery delivery, String body) {
    }

    Answer post(String url, Map<String, String> headers, String json) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            headers.forEach(request::header);
        } catch (IllegalArgumentException e) {
            // a header value with a line break, say: sending it again will not help
            return new Answer(new Delivery.Permanent("cannot build the request: " + e.getMessage()), null);
        }
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(classify(response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null), clock), response.body());
        } catch (HttpTimeoutException e) {
            // The request may have arrived: the receiver de-duplicates on the idempotency key we sent.
            return new Answer(new Delivery.Transient("no answer within " + timeout.toSeconds() + " s", null), null);
        } catch (IOException e) {
            return new Answer(new Delivery.Transient("cannot reach the server (" + e.getClass().getSimpleName()
                    + ")", null), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(new Delivery.Transient("interrupted while sending", null), null);
        }
    }

    static Delivery classify(int status, String retryAfter, Clock clock) {
        if (status >= 200 && status < 300) {
            return new Delivery.Sent(null);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new Delivery.Transient("HTTP " + status, retryAfter(retryAfter, clock));
        }
        if (status >= 300 && status < 500) {
            return new Delivery.Permanent("HTTP " + status);
        }
        return new Delivery.Transient("HTTP " + status, null);
    }

    /** RFC 9110 Retry-After: delay-seconds or an HTTP-date; null when absent or unreadable. */
    static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Duration d = Duration.between(clock.instant(),
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
