package org.hearthgate.relay.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A signed-in client of a relay's console API for tests: sign in, then GET, POST or any method with the token. */
public record ConsoleHttp(String base, HttpClient http) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Signs in (the answer must be 200) and returns the session token. */
    public String login(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("user", user, "password",
                        password)))).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("token").asText();
    }

    /** {@code body} null: none. */
    public HttpResponse<String> call(String token, String method, String path, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("content-type", "application/json").method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String token, String path) throws IOException, InterruptedException {
        return call(token, "GET", path, null);
    }

    public HttpResponse<String> post(String token, String path, String body) throws IOException, InterruptedException {
        return call(token, "POST", path, body);
    }
}
