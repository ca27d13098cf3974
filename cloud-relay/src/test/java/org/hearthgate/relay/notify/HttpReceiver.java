package org.hearthgate.relay.notify;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server on a free loopback port for tests: answers each request with the next scripted answer (201
 * once the script is used up) and keeps every request it received.
 */
final class HttpReceiver implements AutoCloseable {
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), "");
        }
    }

    record Received(String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile Function<Received, Answer> fallback = r -> Answer.of(201);

    HttpReceiver() throws Exception {
        server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            var headers = new java.util.LinkedHashMap<String, String>();
            request.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            var r = new Received(request.method().name(), request.path(), headers, buffer.toString());
            received.add(r);
            Answer a = script.poll();
            if (a == null) {
                a = fallback.apply(r);
            }
            var response = request.response().setStatusCode(a.status());
            a.headers().forEach(response::putHeader);
            response.end(a.body());
        });
    }

    HttpReceiver answering(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    HttpReceiver otherwise(Function<Received, Answer> answer) {
        this.fallback = answer;
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
