package org.hearthgate.relay.escalation;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.relay.notify.Channel;
import org.hearthgate.relay.notify.Delivery;
import org.hearthgate.relay.notify.Notifier;
import org.hearthgate.relay.notify.Outgoing;

/**
 * A local HTTP SMS gateway (JDK HttpServer on a loopback port) that answers each number with scripted status codes
 * (201 when nothing is scripted), and a test SMS notifier that talks to it: 201 is Sent, 429 and 5xx Transient,
 * other 4xx Permanent. The real channels are another engineer's; this one stands in for them.
 */
final class HttpSmsGateway implements AutoCloseable {
    record Request(String to, String key, String text, int answered) {
    }

    private final HttpServer server;
    private final Map<String, ConcurrentLinkedDeque<Integer>> script = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    HttpSmsGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sms", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String to = exchange.getRequestHeaders().getFirst("X-To");
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            Integer scripted = script.getOrDefault(to, new ConcurrentLinkedDeque<>()).poll();
            int status = scripted == null ? 201 : scripted;
            requests.add(new Request(to, key, body, status));
            byte[] answer = (status == 201 ? "{\"id\":\"sms-" + requests.size() + "\"}"
                    : "{\"errors\":[{\"error\":\"scripted\",\"message\":\"status " + status + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** The next requests for {@code to} answer these statuses, in order. */
    void script(String to, Integer... statuses) {
        script.computeIfAbsent(to, t -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
    }

    List<Request> requests() {
        return requests;
    }

    List<Request> accepted(String to) {
        return requests.stream().filter(r -> r.to().equals(to) && r.answered() == 201).toList();
    }

    Notifier notifier() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
        return new Notifier() {
            @Override
            public Channel channel() {
                return Channel.SMS;
            }

            @Override
            public Delivery send(Outgoing message) {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                            .header("X-To", message.address()).header("Idempotency-Key", message.idempotencyKey())
                            .POST(HttpRequest.BodyPublishers.ofString(message.text())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    int s = r.statusCode();
                    if (s == 201 || s == 200) {
                        return new Delivery.Sent(r.body());
                    }
                    if (s == 429 || s >= 500) {
                        return new Delivery.Transient("gateway answered " + s, null);
                    }
                    return new Delivery.Permanent("gateway answered " + s);
                } catch (IOException e) {
                    return new Delivery.Transient(e.toString(), null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Delivery.Transient("interrupted", null);
                }
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
