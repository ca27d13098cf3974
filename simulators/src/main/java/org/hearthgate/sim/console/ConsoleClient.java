package org.hearthgate.sim.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A responder's console, driven by a program: logs in over REST, follows the live WebSocket, and acknowledges
 * alarms. The demo's headless scenarios and the end-to-end tests use it exactly as the browser page does.
 */
public final class ConsoleClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private String token;
    private WebSocket socket;

    public ConsoleClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public ConsoleClient login(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of("user", user,
                        "password", password)))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("login failed: HTTP " + r.statusCode() + " " + r.body());
        }
        token = JSON.readTree(r.body()).get("token").asText();
        return this;
    }

    /** Opens the live feed; every event is queued for {@link #nextEvent}. */
    public ConsoleClient follow() {
        StringBuilder partial = new StringBuilder();
        // The token goes as a sub-protocol, as the browser console sends it: never in the URL.
        socket = http.newWebSocketBuilder().subprotocols("hearthgate.v1", "bearer." + token)
                .buildAsync(URI.create(base.replace("http", "ws") + "/live"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                events.add(JSON.readTree(partial.toString()));
                            } catch (IOException e) {
                                // not JSON: ignore
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
        return this;
    }

    /** The next live event with this name, or null after the timeout. */
    public JsonNode nextEvent(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            JsonNode e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e != null && name.equals(e.path("event").asText())) {
                return e;
            }
        }
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** POSTs an action ("ack") on an alarm; returns the HTTP status. */
    public int act(String alarmId, String action, String note) throws IOException, InterruptedException {
        return post("/api/alarms/" + alarmId + "/" + action, java.util.Map.of("note", note));
    }

    /** Resolves an alarm with an outcome from the fixed list (e.g. RESIDENT_OK_AFTER_CALL); returns the HTTP status. */
    public int resolve(String alarmId, String outcome, String notes) throws IOException, InterruptedException {
        return post("/api/alarms/" + alarmId + "/resolve", java.util.Map.of("outcome", outcome, "notes", notes));
    }

    private int post(String path, java.util.Map<String, String> body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        http.close();
    }
}
