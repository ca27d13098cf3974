package org.hearthgate.relay.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.Json;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.audit.AuditTrail;
import org.hearthgate.relay.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin lists as pages the server searched, on SQLite and on a real PostgreSQL: the sample service plus 120
 * residents of Ashby (each with a hub), so that a list is longer than a page. Authentication is stood in for as in
 * {@link DirectoryRoutesIT} (the account named in {@code x-login}).
 */
class DirectoryPagingIT {
    private static final TenantId DEMO = TenantId.of("demo");
    @TempDir
    Path dir;
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startPostgres() {
        Databases.start();
    }

    @AfterAll
    static void stopPostgres() {
        Databases.stop();
    }

    private record Reply(int status, JsonNode json, String total) {
        List<String> ids() {
            return json.findValuesAsText("id");
        }
    }

    private interface Test {
        void run(SqlCareDirectory directory, Client client) throws Exception;
    }

    private interface Client {
        Reply get(String login, String path) throws Exception;
    }

    private void withService(String dialect, Test test) throws Exception {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory directory = new SqlCareDirectory(db, clock);
            new DirectoryImport(directory, null).importFile(DirectoryImportIT.SAMPLE, "setup");
            String hash = directory.hub(DEMO, HubId.of("hub-demo")).orElseThrow().passwordHash();
            for (int i = 1; i <= 120; i++) {
                String id = String.format("res-a%03d", i);
                directory.putResident(new Resident(DEMO, ResidentId.of(id), i % 2 == 0 ? "Joan" : "Alfred",
                        String.format("Ashworth%03d", i), null, null, new Resident.Address(List.of(), "Ashby", null),
                        null, null, null, null, null));
                directory.putHub(new RegisteredHub(DEMO, HubId.of(String.format("hub-a%03d", i)), hash, null,
                        ResidentId.of(id)));
            }
            AuditTrail trail = (who, action, resident, detail) -> audit.add(who.login() + " " + action + " " + detail);
            Vertx vertx = Vertx.vertx();
            try {
                Router router = Router.router(vertx);
                router.route().handler(ctx -> {
                    String login = ctx.request().getHeader("x-login");
                    directory.account(login == null ? "" : login).ifPresent(a -> ctx.put(Caller.KEY, new Caller(
                            a.login(), a.tenant(), a.role(), a.role().seesWholeTenant() ? java.util.Set.of()
                                    : directory.residentsNaming(a.tenant(), a.login()), "127.0.0.1")));
                    ctx.next();
                });
                new DirectoryRoutes(directory, trail).mount(router);
                HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                test.run(directory, (login, path) -> {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + server.actualPort() + DirectoryRoutes.PREFIX + path)).header("x-login", login).GET()
                            .build(), HttpResponse.BodyHandlers.ofString());
                    return new Reply(r.statusCode(), Json.MAPPER.readTree(r.body()),
                            r.headers().firstValue("x-total-count").orElse(null));
                });
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void residentsComeInPagesOfFiftyByFamilyNameWithTheTotal(String dialect) throws Exception {
        withService(dialect, (directory, client) -> {
            Reply first = client.get("admin", "/residents");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().isArray()).as("the answer is still the array it was").isTrue();
            assertThat(first.json()).hasSize(50);
            assertThat(first.total()).isEqualTo("123");
            assertThat(first.ids().get(0)).isEqualTo("res-a001");
            assertThat(first.json().get(0).path("town").asText()).isEqualTo("Ashby");

            List<String> all = new ArrayList<>();
            for (int offset = 0; offset < 123; offset += 50) {
                all.addAll(client.get("admin", "/residents?limit=50&offset=" + offset).ids());
            }
            assertThat(all).hasSize(123).doesNotHaveDuplicates();
            assertThat(all.subList(120, 123)).as("after Ashworth: Bennett, Hughes, Patel")
                    .containsExactly("res-sim", "res-demo", "res-7f3a");
            assertThat(client.get("admin", "/residents?limit=200").json()).hasSize(123);

            assertThat(client.get("admin", "/residents?limit=201").json().path("field").asText()).isEqualTo("limit");
            assertThat(client.get("admin", "/residents?limit=0").status()).isEqualTo(400);
            assertThat(client.get("admin", "/residents?offset=-1").json().path("field").asText()).isEqualTo("offset");
            assertThat(client.get("admin", "/residents?limit=ten").json().path("error").asText())
                    .isEqualTo("limit: 'ten' is not a whole number");
            assertThat(audit).contains("admin resident.list 50 of 123 residents");
        });
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void theServerSearchesNamesIdsTownsAndPostcodesInAnyCase(String dialect) throws Exception {
        withService(dialect, (directory, client) -> {
            Reply peggy = client.get("admin", "/residents?q=PEGGY");
            assertThat(peggy.ids()).containsExactly("res-demo");
            assertThat(peggy.total()).isEqualTo("1");
            assertThat(client.get("admin", "/residents?q=hughes%20brookside").ids()).containsExactly("res-demo");
            assertThat(client.get("admin", "/residents?q=bk2").ids()).as("postcode").containsExactly("res-sim");
            assertThat(client.get("admin", "/residents?q=7f3a").ids()).as("id").containsExactly("res-7f3a");
            Reply joans = client.get("admin", "/residents?q=joan%20ashby&limit=10&offset=50");
            assertThat(joans.total()).isEqualTo("60");
            assertThat(joans.ids()).hasSize(10).allMatch(id -> Integer.parseInt(id.substring(5)) % 2 == 0);
            assertThat(client.get("admin", "/residents?q=50%25").ids()).as("% is a character, not a wildcard")
                    .isEmpty();
            assertThat(client.get("admin", "/residents?q=nobody-called-this").total()).isEqualTo("0");
            assertThat(audit).contains("admin resident.list 1 of 1 residents, searched")
                    .noneMatch(a -> a.contains("PEGGY") || a.contains("hughes"));

            // A circle role searches its own residents only.
            assertThat(client.get("sam", "/residents?q=brookside").ids()).containsExactly("res-demo");
            assertThat(client.get("sam", "/residents?q=arthur").ids()).isEmpty();
            assertThat(client.get("dr.okafor", "/residents").total()).isEqualTo("2");
        });
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void hubsAndContactsArePagedAndSearchedTooAndAResidentNamesItsHubs(String dialect) throws Exception {
        withService(dialect, (directory, client) -> {
            Reply hubs = client.get("admin", "/hubs");
            assertThat(hubs.json()).hasSize(50);
            assertThat(hubs.total()).isEqualTo("125");
            assertThat(hubs.json().get(0).path("id").asText()).isEqualTo("hub-0001");
            assertThat(hubs.json().get(0).path("residentName").asText()).isEqualTo("Peggy Hughes");
            assertThat(hubs.json().get(0).path("password").asBoolean()).isTrue();
            assertThat(hubs.json().toString()).doesNotContain("$7$");

            Reply peggy = client.get("responder", "/hubs?q=peggy");
            assertThat(peggy.ids()).containsExactlyInAnyOrder("hub-0001", "hub-demo");
            assertThat(peggy.json().get(0).path("resident").asText()).isEqualTo("res-demo");
            assertThat(peggy.json().get(0).path("town").asText()).isEqualTo("Brookside");
            assertThat(client.get("admin", "/hubs?q=ashworth007").ids()).containsExactly("hub-a007");
            assertThat(client.get("admin", "/hubs?q=res-sim").ids()).containsExactly("hub-0002", "hub-sim");
            assertThat(client.get("admin", "/hubs?q=hub-a1&limit=5&offset=20").ids()).containsExactly("hub-a120");
            assertThat(client.get("admin", "/hubs?q=hub-a1&limit=5").total()).isEqualTo("21");
            assertThat(client.get("sam", "/hubs").status()).isEqualTo(403);

            // Moving a hub off its resident: it has no resident, and searches by the resident no longer find it.
            directory.putHub(new RegisteredHub(DEMO, HubId.of("hub-a007"),
                    directory.hub(DEMO, HubId.of("hub-a007")).orElseThrow().passwordHash(), null, null));
            assertThat(client.get("admin", "/hubs?q=ashworth007").ids()).isEmpty();
            assertThat(client.get("admin", "/hubs?q=hub-a007").json().get(0).path("resident").asText(null))
                    .as("nobody").isNull();

            Reply contacts = client.get("admin", "/contacts?q=jones");
            assertThat(contacts.ids()).containsExactly("ruth-jones");
            assertThat(contacts.json().get(0).path("channels").get(0).path("address").asText())
                    .isEqualTo("+447700900456");
            assertThat(client.get("admin", "/contacts?limit=2").json()).hasSize(2);
            assertThat(client.get("admin", "/contacts?limit=2").total()).isEqualTo("7");

            assertThat(client.get("admin", "/residents/res-a010").json().path("hubs").toString())
                    .isEqualTo("[\"hub-a010\"]");
        });
    }
}
