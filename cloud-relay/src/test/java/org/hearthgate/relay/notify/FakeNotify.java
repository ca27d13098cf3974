package org.hearthgate.relay.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on a free loopback port that answers like GOV.UK Notify for the endpoints we use:
 * {@code POST /v2/notifications/sms}, {@code POST /v2/notifications/email} and {@code GET /v2/notifications/{id}},
 * with Notify's request and response shapes and its error body
 * {@code {"status_code":N,"errors":[{"error":"...","message":"..."}]}}. It checks the client's JWT as Notify does:
 * HS256 signed with the key's secret, {@code iss} the service id, {@code iat} within 30 seconds of its own clock.
 * Errors can be scripted per request; otherwise it accepts.
 */
final class FakeNotify implements AutoCloseable {
    static final String SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506";
    static final String SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0";
    static final String API_KEY = "hearthgate_test-" + SERVICE_ID + "-" + SECRET;
    static final String SMS_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a";
    static final String EMAIL_TEMPLATE = "a0d3a2a5-38b5-4f3c-8b0c-1f9d2e8f0a11";

    /** A scripted Notify error: the HTTP status, Notify's error name and message. */
    record Error(int status, String error, String message) {
    }

    /** A request as Notify saw it: path, the JWT's issuer, and the JSON body. */
    record Seen(String method, String path, String issuer, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Queue<Object> script = new ConcurrentLinkedQueue<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> notifications = new ConcurrentHashMap<>();

    /** Scripted: take the request and never answer it. */
    static final Object HANG = new Object();
    /** Scripted: accept the message, then never answer (the answer is lost on the way back). */
    static final Object ACCEPT_AND_HANG = new Object();

    FakeNotify() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    FakeNotify failing(Error... errors) {
        script.addAll(List.of(errors));
        return this;
    }

    FakeNotify hanging() {
        script.add(HANG);
        return this;
    }

    FakeNotify acceptingButLosingTheAnswer() {
        script.add(ACCEPT_AND_HANG);
        return this;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The sends only (not the look-ups). */
    List<Seen> posts() {
        return seen.stream().filter(s -> s.method().equals("POST")).toList();
    }

    /** Moves a notification on, as Notify does when the network reports. */
    void setStatus(String id, String status) {
        notifications.get(id).put("status", status);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            String issuer = checkToken(request.getHeader("Authorization"));
            if (issuer == null) {
                error(request, new Error(403, "AuthError", "Invalid token: API key not found"));
                return;
            }
            JsonNode body;
            try {
                body = buffer.length() == 0 ? JSON.createObjectNode() : JSON.readTree(buffer.toString());
            } catch (Exception e) {
                error(request, new Error(400, "BadRequestError", "Invalid JSON supplied in POST data"));
                return;
            }
            seen.add(new Seen(request.method().name(), request.path(), issuer, body));
            boolean post = request.method().name().equals("POST");
            Object next = post ? script.poll() : null; // scripts are for sends; look-ups always answer
            if (next == HANG) {
                return;
            }
            if (next instanceof Error e) {
                error(request, e);
                return;
            }
            String path = request.path();
            HttpServerRequest answerTo = next == ACCEPT_AND_HANG ? null : request;
            if (post && path.equals("/v2/notifications/sms")) {
                send(request, answerTo, body, "sms");
            } else if (post && path.equals("/v2/notifications/email")) {
                send(request, answerTo, body, "email");
            } else if (!post && path.equals("/v2/notifications")) {
                list(request);
            } else if (!post && path.startsWith("/v2/notifications/")) {
                get(request, path.substring("/v2/notifications/".length()));
            } else {
                error(request, new Error(404, "NoResultFound", "No result found"));
            }
        });
    }

    /** Notify's own check of the client's JWT; the issuer when it passes, else null. */
    private static String checkToken(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7));
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))) {
                return null;
            }
            String iss = jwt.getJWTClaimsSet().getIssuer();
            Date iat = jwt.getJWTClaimsSet().getIssueTime();
            if (!SERVICE_ID.equals(iss) || iat == null
                    || Duration.between(iat.toInstant(), Instant.now()).abs().compareTo(Duration.ofSeconds(30)) > 0) {
                return null;
            }
            return iss;
        } catch (Exception e) {
            return null;
        }
    }

    /** {@code GET /v2/notifications?template_type=&reference=}: Notify's list, one page. */
    private void list(HttpServerRequest request) {
        String type = request.getParam("template_type");
        String reference = request.getParam("reference");
        ObjectNode answer = JSON.createObjectNode();
        var array = answer.putArray("notifications");
        notifications.values().stream()
                .filter(n -> type == null || type.equals(n.path("type").asText()))
                .filter(n -> reference == null || reference.equals(n.path("reference").asText(null)))
                .forEach(array::add);
        ObjectNode links = answer.putObject("links");
        links.put("current", baseUrl() + request.uri());
        links.putNull("next");
        respond(request, 200, answer);
    }

    /** Stores the message and answers {@code answerTo}, unless that is null (an answer lost on the way). */
    private void send(HttpServerRequest request, HttpServerRequest answerTo, JsonNode body, String type) {
        String template = body.path("template_id").asText("");
        String wanted = type.equals("sms") ? SMS_TEMPLATE : EMAIL_TEMPLATE;
        String recipientKey = type.equals("sms") ? "phone_number" : "email_address";
        if (!body.hasNonNull(recipientKey)) {
            error(request, new Error(400, "ValidationError", recipientKey + " is a required property"));
            return;
        }
        if (!template.equals(wanted)) {
            error(request, new Error(400, "BadRequestError", "Template not found"));
            return;
        }
        String message = body.path("personalisation").path("message").asText(null);
        if (message == null) {
            error(request, new Error(400, "BadRequestError", "Missing personalisation: message"));
            return;
        }
        String id = UUID.randomUUID().toString();
        String reference = body.hasNonNull("reference") ? body.get("reference").asText() : null;
        String subject = type.equals("email") ? body.path("personalisation").path("subject").asText("") : null;

        ObjectNode stored = JSON.createObjectNode();
        stored.put("id", id);
        stored.put("reference", reference);
        stored.put("email_address", type.equals("email") ? body.get(recipientKey).asText() : null);
        stored.put("phone_number", type.equals("sms") ? body.get(recipientKey).asText() : null);
        stored.putNull("line_1");
        stored.putNull("postcode");
        stored.put("type", type);
        stored.put("status", "created");
        stored.set("template", template(wanted));
        stored.put("body", message);
        stored.put("subject", subject);
        stored.put("created_at", "2026-12-02T03:12:00.000000Z");
        stored.putNull("created_by_name");
        stored.putNull("sent_at");
        stored.putNull("completed_at");
        stored.putNull("scheduled_for");
        stored.put("is_cost_data_ready", false);
        stored.putNull("cost_in_pounds");
        stored.set("cost_details", JSON.createObjectNode());
        notifications.put(id, stored);

        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", id);
        answer.put("reference", reference);
        ObjectNode content = answer.putObject("content");
        content.put("body", message);
        if (type.equals("sms")) {
            content.put("from_number", "HEARTHGATE");
        } else {
            content.put("from_email", "hearthgate@notifications.service.gov.uk");
            content.put("subject", subject);
            content.putNull("one_click_unsubscribe_url");
        }
        answer.put("uri", baseUrl() + "/v2/notifications/" + id);
        answer.set("template", template(wanted));
        answer.putNull("scheduled_for");
        if (answerTo != null) {
            respond(answerTo, 201, answer);
        }
    }

    private ObjectNode template(String id) {
        ObjectNode t = JSON.createObjectNode();
        t.put("id", id);
        t.put("version", 1);
        t.put("uri", baseUrl() + "/services/" + SERVICE_ID + "/templates/" + id);
        return t;
    }

    private void get(HttpServerRequest request, String id) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            error(request, new Error(400, "ValidationError", "notification_id is not a valid UUID"));
            return;
        }
        ObjectNode n = notifications.get(id);
        if (n == null) {
            error(request, new Error(404, "NoResultFound", "No result found"));
            return;
        }
        respond(request, 200, n);
    }

    private static void error(HttpServerRequest request, Error e) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status_code", e.status());
        ObjectNode one = body.putArray("errors").addObject();
        one.put("error", e.error());
        one.put("message", e.message());
        respond(request, e.status(), body);
    }

    private static void respond(HttpServerRequest request, int status, JsonNode body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body.toString());
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
