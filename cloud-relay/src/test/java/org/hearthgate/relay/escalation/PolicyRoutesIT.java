package org.hearthgate.relay.escalation;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.Json;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.PostgresServer;
import org.hearthgate.relay.directory.DirectoryImport;
import org.hearthgate.relay.directory.SqlCareDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The escalation policy routes on a real Vert.x server, SQLite and PostgreSQL, over the sample service
 * (docs/examples/directory.yaml), with the real hash-chained audit trail. Authentication is stood in for: the
 * account named in {@code x-login} becomes the Caller.
 */
class PolicyRoutesIT {
    private static final TenantId DEMO = TenantId.of("demo");
    private static final Path SAMPLE = Path.of("..", "docs", "examples", "directory.yaml");
    private static PostgresServer postgres;
    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    static Stream<Arguments> both() {
        return Stream.of(Arguments.of("sqlite"), Arguments.of("postgresql"));
    }

    private record Reply(int status, JsonNode json) {
    }

    private interface Client {
        Reply call(String method, String login, String path, String body) throws Exception;
    }

    private interface Test {
        void run(Client client, PolicyStore store, SqlAuditTrail audit) throws Exception;
    }

    private void withRelay(String dialect, Test test) throws Exception {
        ManualClock clock = ManualClock.at("2026-12-02T10:00:00Z");
        String spec = "postgresql".equals(dialect) ? postgres.newDatabase() : dir.resolve("cloud.db").toString();
        try (Database db = Database.open(spec)) {
            SqlCareDirectory directory = new SqlCareDirectory(db, clock);
            new DirectoryImport(directory, null).importFile(SAMPLE, "setup");
            SqlAuditTrail audit = new SqlAuditTrail(db, clock);
            PolicyStore store = new PolicyStore(db, clock);
            Vertx vertx = Vertx.vertx();
            try {
                Router router = Router.router(vertx);
                router.route().handler(ctx -> {
                    String login = ctx.request().getHeader("x-login");
                    directory.account(login == null ? "" : login).ifPresent(a -> ctx.put(Caller.KEY, new Caller(
                            a.login(), a.tenant(), a.role(), java.util.Set.of(), "127.0.0.1")));
                    ctx.next();
                });
                new PolicyRoutes(store, directory, audit).mount(router);
                HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                test.run((method, login, path, body) -> {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + server.actualPort() + PolicyRoutes.PREFIX + path)).method(method, body == null
                                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                            .header("content-type", "application/json");
                    if (login != null) {
                        b.header("x-login", login);
                    }
                    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    return new Reply(r.statusCode(), r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body()));
                }, store, audit);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> actions(SqlAuditTrail audit) {
        return audit.latest(50).stream().map(e -> e.login() + " " + e.action() + " " + e.resident() + " "
                + e.detail()).toList();
    }

    @ParameterizedTest
    @MethodSource("both")
    void theAdminReadsTheBuiltInPoliciesAsYamlAndSavesItBackAsTheTenantsOwn(String dialect) throws Exception {
        withRelay(dialect, (client, store, audit) -> {
            Reply got = client.call("GET", "admin", "", null);
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.json().path("builtIn").asBoolean()).isTrue();
            assertThat(got.json().path("default").path("priorities").path("CRITICAL").asText()).isEqualTo("emergency");
            assertThat(got.json().path("default").path("policies").findValuesAsText("name"))
                    .containsExactly("advisory", "emergency", "routine");
            assertThat(got.json().path("default").path("policies").get(1).path("summary").asText())
                    .startsWith("RESPONDER by CONSOLE; wait 1m; ON_CALL by SMS, EMAIL; wait 2m; FAMILY")
                    .endsWith("repeat 2 times; finally SERVICE_MANAGER by SMS, EMAIL");
            String yaml = got.json().path("default").path("yaml").asText();
            assertThat(PolicyFormat.parse(yaml)).as("the YAML reads back as the set it shows")
                    .isEqualTo(PolicySet.builtIn());

            Reply dry = client.call("PUT", "admin", "/default?dryRun=true", yaml);
            assertThat(dry.json().path("valid").asBoolean()).isTrue();
            assertThat(store.load(DEMO)).as("a dry run saves nothing").isEmpty();

            String mine = yaml.replace("wait: 1m", "wait: 90s");
            Reply saved = client.call("PUT", "admin", "/default", mine);
            assertThat(saved.status()).as(String.valueOf(saved.json())).isEqualTo(200);
            assertThat(saved.json().path("change").asText()).isEqualTo("CREATED");
            assertThat(store.load(DEMO).orElseThrow().policyFor("res-demo", Priority.CRITICAL).steps().get(1))
                    .isEqualTo(new Step.Wait(java.time.Duration.ofSeconds(90)));
            assertThat(client.call("PUT", "admin", "/default", mine).json().path("change").asText())
                    .isEqualTo("UNCHANGED");
            assertThat(client.call("GET", "admin", "", null).json().path("builtIn").asBoolean()).isFalse();
            assertThat(actions(audit)).containsExactly("admin policy.default.created null 3 policies");
            assertThat(audit.verify().intact()).isTrue();
        });
    }

    @ParameterizedTest
    @MethodSource("both")
    void aBadPolicyIsRefusedNamingTheFieldAndNothingChanges(String dialect) throws Exception {
        withRelay(dialect, (client, store, audit) -> {
            String yaml = client.call("GET", "admin", "", null).json().path("default").path("yaml").asText();
            Reply bad = client.call("PUT", "admin", "/default", yaml.replace("wait: 1m", "wait: soon"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("field").asText()).isEqualTo("policies.emergency.steps[1].wait");
            assertThat(bad.json().path("error").asText()).contains("'soon' is not a whole number of seconds");

            // An advisory that would wake the family
            Reply family = client.call("PUT", "admin", "/default?dryRun=true",
                    yaml.replace("LOW: advisory", "LOW: emergency"));
            assertThat(family.status()).isEqualTo(400);
            assertThat(family.json().path("field").asText()).isEqualTo("priorities.LOW");
            assertThat(family.json().path("error").asText()).contains("an advisory never wakes a family");

            Reply notYaml = client.call("PUT", "admin", "/default", "policies: [unclosed");
            assertThat(notYaml.status()).isEqualTo(400);
            assertThat(notYaml.json().path("error").asText()).startsWith("policy document: not valid YAML or JSON");
            assertThat(client.call("PUT", "admin", "/default", yaml + "residents: {res-demo: {CRITICAL: routine}}")
                    .json().path("field").asText()).isEqualTo("residents");
            assertThat(client.call("PUT", "admin", "/default", "").json().path("error").asText())
                    .startsWith("policy document: is required");
            assertThat(store.load(DEMO)).isEmpty();
            assertThat(actions(audit)).isEmpty();
        });
    }

    @ParameterizedTest
    @MethodSource("both")
    void aResidentGetsTheirOwnChoicesWhichTheDefaultMustKeepServing(String dialect) throws Exception {
        withRelay(dialect, (client, store, audit) -> {
            Reply set = client.call("PUT", "admin", "/residents/res-demo", "CRITICAL: routine\nHIGH: routine\n");
            assertThat(set.status()).as(String.valueOf(set.json())).isEqualTo(200);
            PolicySet saved = store.load(DEMO).orElseThrow();
            assertThat(saved.policyFor("res-demo", Priority.CRITICAL).name()).isEqualTo("routine");
            assertThat(saved.policyFor("res-sim", Priority.CRITICAL).name()).isEqualTo("emergency");

            JsonNode got = client.call("GET", "admin", "", null).json();
            assertThat(got.path("residents").get(0).path("resident").asText()).isEqualTo("res-demo");
            assertThat(got.path("residents").get(0).path("name").asText()).isEqualTo("Peggy Hughes");
            assertThat(got.path("residents").get(0).path("yaml").asText()).isEqualTo("CRITICAL: routine\nHIGH: routine\n");

            Reply family = client.call("PUT", "admin", "/residents/res-demo", "INFO: emergency");
            assertThat(family.status()).isEqualTo(400);
            assertThat(family.json().path("field").asText()).isEqualTo("residents.res-demo.INFO");
            Reply unknown = client.call("PUT", "admin", "/residents/res-demo", "CRITICAL: nightly");
            assertThat(unknown.json().path("error").asText())
                    .isEqualTo("residents.res-demo.CRITICAL: no policy named 'nightly'");
            assertThat(client.call("PUT", "admin", "/residents/res-demo", "URGENT: routine").json().path("field")
                    .asText()).isEqualTo("residents.res-demo.URGENT");
            assertThat(client.call("PUT", "admin", "/residents/res-nobody", "CRITICAL: routine").status())
                    .isEqualTo(404);

            // The default may not drop a policy a resident still uses: the error names the resident's field.
            String yaml = got.path("default").path("yaml").asText();
            String withoutRoutine = yaml.substring(0, yaml.indexOf("  routine:")) + yaml.substring(yaml.indexOf(
                    "priorities:")).replace("MEDIUM: routine", "MEDIUM: emergency");
            Reply dropped = client.call("PUT", "admin", "/default", withoutRoutine);
            assertThat(dropped.json().path("field").asText()).isEqualTo("residents.res-demo.CRITICAL");

            assertThat(client.call("PUT", "admin", "/residents/res-demo", "").json().path("change").asText())
                    .isEqualTo("UPDATED");
            assertThat(store.load(DEMO).orElseThrow().residents()).isEmpty();
            assertThat(actions(audit)).containsExactly(
                    "admin policy.resident.updated res-demo removed",
                    "admin policy.resident.created res-demo CRITICAL=routine, HIGH=routine");
            assertThat(audit.about(DEMO, ResidentId.of("res-demo"), 10)).hasSize(2);
        });
    }

    @ParameterizedTest
    @MethodSource("both")
    void onlyTheTenantsAdminSeesOrChangesPolicies(String dialect) throws Exception {
        withRelay(dialect, (client, store, audit) -> {
            assertThat(client.call("GET", "responder", "", null).status()).isEqualTo(403);
            assertThat(client.call("PUT", "responder", "/default", "zone: Europe/London").status()).isEqualTo(403);
            assertThat(client.call("PUT", "sam", "/residents/res-demo", "CRITICAL: routine").status()).isEqualTo(403);
            assertThat(client.call("PUT", "dr.okafor", "/residents/res-demo", "CRITICAL: routine").status())
                    .isEqualTo(403);
            assertThat(client.call("GET", null, "", null).status()).isEqualTo(401);
            assertThat(store.load(DEMO)).isEmpty();
            assertThat(actions(audit)).isEmpty();
        });
    }
}
