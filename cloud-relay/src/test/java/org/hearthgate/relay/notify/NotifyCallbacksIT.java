package org.hearthgate.relay.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notify's delivery-receipt callback on a real HTTP server, with the bodies Notify's documentation shows. */
class NotifyCallbacksIT {
    private static final String TOKEN = "a-callback-token-of-some-length";
    record Got(Channel channel, String reference, boolean delivered, String detail) {
    }

    private final List<Got> got = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        new NotifyCallbacks(TOKEN, (channel, reference, delivered, detail) -> {
            got.add(new Got(channel, reference, delivered, detail));
            return !reference.equals("unknown");
        }).mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> post(String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()
                + "/notify/receipts")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String receipt(String id, String status, String type) {
        return "{\"id\":\"" + id + "\",\"reference\":\"hg-key\",\"to\":\"07700900123\",\"status\":\"" + status
                + "\",\"created_at\":\"2026-12-02T10:00:00.000000Z\",\"completed_at\":\"2026-12-02T10:00:04.000000Z\","
                + "\"sent_at\":\"2026-12-02T10:00:01.000000Z\",\"notification_type\":\"" + type + "\"}";
    }

    @Test
    void aDeliveredTextAndAFailedEmailReachTheEngine() throws Exception {
        assertThat(post("Bearer " + TOKEN, receipt("n-1", "delivered", "sms")).statusCode()).isEqualTo(200);
        assertThat(post("Bearer " + TOKEN, receipt("n-2", "permanent-failure", "email")).statusCode()).isEqualTo(200);
        assertThat(got).containsExactly(new Got(Channel.SMS, "n-1", true, null),
                new Got(Channel.EMAIL, "n-2", false, NotifyCallbacks.failure("permanent-failure")));
    }

    @Test
    void aReceiptForAMessageNeverSentHereIsAnsweredSoNotifyDoesNotRetry() throws Exception {
        assertThat(post("Bearer " + TOKEN, receipt("unknown", "delivered", "sms")).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutTheRightTokenNothingIsRecorded() throws Exception {
        assertThat(post(null, receipt("n-1", "delivered", "sms")).statusCode()).isEqualTo(401);
        assertThat(post("Bearer wrong-token-here", receipt("n-1", "delivered", "sms")).statusCode()).isEqualTo(401);
        assertThat(got).isEmpty();
    }

    @Test
    void garbageIsA400NeverAnError() throws Exception {
        for (String body : List.of("", "[]", "{\"id\":1}", "{\"id\":\"x\",\"status\":\"delivered\"}",
                receipt("n", "delivered", "letter"), "\u0000\u0001")) {
            assertThat(post("Bearer " + TOKEN, body).statusCode()).as(body).isEqualTo(400);
        }
        assertThat(got).isEmpty();
    }
}
