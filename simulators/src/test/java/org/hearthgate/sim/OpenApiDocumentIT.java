package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.hearthgate.relay.Relay;
import org.hearthgate.relay.console.Users;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API document served by the relay names exactly the routes the relay has: a route missing from the document,
 * or documented and missing, fails here.
 */
class OpenApiDocumentIT {
    @TempDir
    Path dir;

    @Test
    void theDocumentAndTheRoutesAgree() throws Exception {
        Users users = new Users(Clock.systemUTC());
        try (MosquittoBroker broker = MosquittoBroker.start(org.hearthgate.sim.broker.Broker.freePort());
                Relay relay = new Relay(new Relay.Settings(broker.url(), "relay-doc", null, null, "relay",
                        dir.resolve("relay.db").toString(), "127.0.0.1", 0), users, Clock.systemUTC()).start()) {
            HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + relay.consolePort() + "/openapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(served.body());
            SortedSet<String> documented = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> p = paths.next();
                p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey()));
            }
            assertThat(relay.consoleRoutes()).as("routes the relay has vs the document")
                    .containsExactlyElementsOf(documented);

            // The operator's figures, as Prometheus scrapes them.
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + relay.consolePort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("hearthgate_messages_received_total", "hearthgate_ingest_lag_seconds",
                    "hearthgate_ingest_queue_depth{queue=\"urgent\"}", "hearthgate_alarms_open{priority=\"critical\"}",
                    "hearthgate_alarm_oldest_unacknowledged_seconds", "hearthgate_hubs{state=\"online\"}",
                    "hearthgate_dead_letters_total", "hearthgate_broker_connected 1.0", "jvm_memory_used_bytes");
        }
    }
}
