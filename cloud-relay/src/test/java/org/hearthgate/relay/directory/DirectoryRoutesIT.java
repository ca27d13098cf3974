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
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.Json;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.audit.AuditTrail;
import org.hearthgate.relay.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory's REST routes on a real Vert.x server on a loopback port, over the sample service. A tiny handler in
 * front stands in for authentication: it makes the Caller of the account named in {@code x-login}, as the lead's
 * sign-in does (role from the account, residents from the circles that name its contact).
 */
class DirectoryRoutesIT {
    @TempDir
    Path dir;
    private Vertx vertx;
    private HttpServer server;
    private Database db;
    private SqlCareDirectory directory;
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        db = Database.open(dir.resolve("cloud.db").toString());
        directory = new SqlCareDirectory(db, Clock.systemUTC(), SealedKeySafeIT.key(7)); // codes sealed, as a relay
        new DirectoryImport(directory, null).importFile(DirectoryImportIT.SAMPLE, "setup");
        directory.putTenant(new Tenant(TenantId.of("other"), "Other Council"));
        directory.putAccount(new Account("other-admin", TenantId.of("other"), Role.ADMIN, Sample.PBKDF2, null, null,
                false));
        AuditTrail trail = (who, action, resident, detail) -> audit.add(who.login() + " " + action + " " + resident);
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            String login = ctx.request().getHeader("x-login");
            directory.account(login == null ? "" : login).ifPresent(a -> ctx.put(Caller.KEY, new Caller(a.login(),
                    a.tenant(), a.role(), a.role().seesWholeTenant() ? java.util.Set.of()
                            : directory.residentsNaming(a.tenant(), a.login()), "127.0.0.1")));
            ctx.next();
        });
        new DirectoryRoutes(directory, trail).mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        db.close();
    }

    private record Reply(int status, JsonNode json) {
    }

    private Reply call(String method, String login, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()
                + DirectoryRoutes.PREFIX + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        if (login != null) {
            b.header("x-login", login);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body()));
    }

    @Test
    void aFamilyLoginSeesItsRelativesNameAndNothingOfAnyoneElse() throws Exception {
        Reply list = call("GET", "sam", "/residents", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsText("id")).containsExactly("res-demo");

        Reply mum = call("GET", "sam", "/residents/res-demo", null);
        assertThat(mum.status()).isEqualTo(200);
        assertThat(mum.json().path("calledName").asText()).isEqualTo("Peggy");
        assertThat(mum.json().has("nhsNumber")).as("need to know: a name, not the record").isFalse();
        assertThat(mum.json().toString()).doesNotContain("4721");

        assertThat(call("GET", "sam", "/residents/res-sim", null).status()).isEqualTo(403);
        assertThat(call("GET", "sam", "/residents/res-nobody", null).status())
                .as("no telling which ids exist").isEqualTo(403);
        assertThat(call("GET", "sam", "/residents/res-demo/circle", null).status()).isEqualTo(403);
        assertThat(call("GET", "sam", "/contacts", null).status()).isEqualTo(403);
        assertThat(call("PUT", "sam", "/residents/res-demo", "{\"givenName\":\"X\",\"familyName\":\"Y\"}").status())
                .isEqualTo(403);
        assertThat(audit).contains("sam resident.list null", "sam resident.read res-demo");
    }

    @Test
    void staffReadRecordsAndCirclesButOnlyTheirAdminChangesThem() throws Exception {
        Reply peggy = call("GET", "responder", "/residents/res-demo", null);
        assertThat(peggy.status()).isEqualTo(200);
        assertThat(peggy.json().path("nhsNumber").asText()).isEqualTo("9990000018");
        assertThat(peggy.json().path("safety").path("keySafeCode").asText()).isEqualTo("4721");
        assertThat(peggy.json().path("hubs").toString()).isEqualTo("[\"hub-0001\",\"hub-demo\"]");
        Reply circle = call("GET", "responder", "/residents/res-demo/circle", null);
        assertThat(circle.json().findValuesAsText("contact")).containsExactly("brookside-monitoring", "on-call",
                "dr-okafor", "sam-hughes", "ruth-jones");
        assertThat(circle.json().get(3).path("calls").asText()).isEqualTo("Mum");
        assertThat(audit).contains("responder resident.read res-demo", "responder circle.read res-demo");

        assertThat(call("GET", "dr.okafor", "/residents", null).json().findValuesAsText("id"))
                .containsExactlyInAnyOrder("res-demo", "res-7f3a");
        assertThat(call("GET", "dr.okafor", "/residents/res-sim", null).status()).isEqualTo(403);

        int before = audit.size();
        assertThat(call("PUT", "responder", "/hubs/hub-demo/resident", "{\"resident\":\"res-sim\"}").status())
                .isEqualTo(403);
        assertThat(call("GET", "responder", "/accounts", null).status()).isEqualTo(403);
        assertThat(call("GET", "other-admin", "/residents/res-demo", null).status())
                .as("another tenant's admin: there is no such resident in its tenant").isEqualTo(404);
        assertThat(call("GET", "other-admin", "/residents", null).json()).isEmpty();
        assertThat(call("GET", "other-admin", "/hubs/hub-demo", null).status()).isEqualTo(404);
        assertThat(call("GET", null, "/residents", null).status()).isEqualTo(401);
        assertThat(directory.residentOfHub(TenantId.of("demo"), org.hearthgate.contract.HubId.of("hub-demo")))
                .contains(ResidentId.of("res-demo"));
        assertThat(audit.subList(before, audit.size())).allMatch(a -> a.startsWith("other-admin resident.list"));
    }

    @Test
    void aKeySafeCodeThatDoesNotOpenIsMarkedUnreadableAndTheRestOfTheRecordIsServed() throws Exception {
        // someone with database access copies Peggy's sealed code into Nisha's row: it is bound to Peggy
        try (java.sql.Connection c = db.dataSource().getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("UPDATE residents SET key_safe_code = ? "
                        + "WHERE id = 'res-7f3a'")) {
            ps.setString(1, SealedKeySafeIT.column(db, ResidentId.of("res-demo")));
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        Reply moved = call("GET", "responder", "/residents/res-7f3a", null);
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().path("safety").path("keySafeCode").textValue()).isNull();
        assertThat(moved.json().path("safety").path("keySafeCodeUnreadable").asBoolean()).isTrue();
        assertThat(moved.json().path("familyName").asText()).isNotEmpty();
        assertThat(moved.json().toString()).doesNotContain("hgenc1:");
        assertThat(call("GET", "responder", "/residents/res-demo", null).json().path("safety")
                .path("keySafeCodeUnreadable").asBoolean()).isFalse();
    }

    @Test
    void theAdminOnboardsAResidentWithValidationNamingTheField() throws Exception {
        String joan = """
                {"id": "res-new", "givenName": "Joan", "familyName": "Price", "birthDate": "1940-02-29",
                 "nhsNumber": "999 000 0042", "safety": {"keySafeCode": "1234", "dnacpr": false}}""";
        Reply bad = call("POST", "admin", "/residents", joan.replace("0042", "0043"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").asText()).isEqualTo("nhsNumber: 9990000043 fails the Modulus 11 check");
        assertThat(bad.json().path("field").asText()).isEqualTo("nhsNumber");
        Reply unknown = call("POST", "admin", "/residents", joan.replace("givenName", "firstName"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("field").asText()).isEqualTo("firstName");

        Reply created = call("POST", "admin", "/residents", joan);
        assertThat(created.status()).as(String.valueOf(created.json())).isEqualTo(201);
        assertThat(SealedKeySafeIT.column(db, ResidentId.of("res-new"))).startsWith("hgenc1:").doesNotContain("1234");
        assertThat(call("GET", "admin", "/residents/res-new", null).json().path("safety").path("keySafeCode")
                .asText()).isEqualTo("1234");
        assertThat(call("POST", "admin", "/residents", joan).status()).isEqualTo(409);
        Reply same = call("PUT", "admin", "/residents/res-new", joan);
        assertThat(same.json().path("change").asText()).isEqualTo("UNCHANGED");
        assertThat(call("PUT", "admin", "/residents/res-other", joan).status()).as("body id is not the path's")
                .isEqualTo(400);

        assertThat(call("PUT", "admin", "/residents/res-new/circle", """
                [{"contact": "brookside-monitoring", "role": "RESPONDER"},
                 {"contact": "ruth-jones", "role": "NEIGHBOUR", "calls": "Joan"}]""").status()).isEqualTo(200);
        assertThat(call("PUT", "admin", "/residents/res-new/circle", "[{\"contact\": \"nobody\", \"role\": \"FAMILY\"}]")
                .json().path("error").asText()).isEqualTo("contact: no contact nobody in tenant demo");
        assertThat(call("PUT", "admin", "/hubs/hub-0003/resident", "{\"resident\": \"res-new\"}").status())
                .isEqualTo(200);
        JsonNode hub = call("GET", "admin", "/hubs/hub-0003", null).json();
        assertThat(hub.path("history").findValuesAsText("resident")).containsExactly("res-7f3a", "res-new");
        assertThat(hub.path("password").asBoolean()).isTrue();
        assertThat(hub.toString()).doesNotContain("$7$");

        assertThat(call("POST", "admin", "/accounts", """
                {"login": "joan.family", "role": "FAMILY", "password": "a-long-enough-password",
                 "contact": "ruth-jones"}""").status()).isEqualTo(201);
        assertThat(call("POST", "admin", "/accounts", "{\"login\": \"other-admin\", \"role\": \"ADMIN\", "
                + "\"password\": \"a-long-enough-password\"}").status()).as("another tenant's login").isEqualTo(409);
        assertThat(call("GET", "admin", "/accounts", null).json().toString()).contains("joan.family")
                .doesNotContain("pbkdf2");
        assertThat(call("PUT", "admin", "/accounts/responder", """
                {"role": "RESPONDER", "totpSecret": "JBSWY3DPEHPK3PXPJBSWY3DP"}""").status()).isEqualTo(200);
        assertThat(call("PUT", "admin", "/accounts/responder", "{\"role\": \"RESPONDER\", \"disabled\": true}")
                .status()).isEqualTo(200);
        JsonNode responder = call("GET", "admin", "/accounts/responder", null).json();
        assertThat(responder.path("secondFactor").asBoolean()).as("kept: GET never shows it to send back").isTrue();
        assertThat(responder.path("disabled").asBoolean()).isTrue();
        assertThat(directory.account("responder").orElseThrow().passwordHash()).startsWith("pbkdf2$310000$0cXf");
        assertThat(directory.residentsNaming(TenantId.of("demo"), "joan.family"))
                .contains(ResidentId.of("res-new"), ResidentId.of("res-demo"));
        assertThat(audit).containsSubsequence("admin resident.created res-new", "admin circle.created res-new",
                "admin hub.assign.updated res-new", "admin account.created null");
        assertThat(audit).filteredOn(a -> a.contains("resident.updated")).as("an unchanged PUT is no change")
                .isEmpty();
    }
}
