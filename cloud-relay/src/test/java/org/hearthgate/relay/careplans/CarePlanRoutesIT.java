package org.hearthgate.relay.careplans;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.wire.ConfigUpdate;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.console.ConsoleServer;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.DirectoryImport;
import org.hearthgate.relay.directory.RegisteredHub;
import org.hearthgate.relay.directory.SqlCareDirectory;
import org.hearthgate.relay.ingest.HubRegistry;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.hearthgate.relay.store.RelayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The care-plan routes behind the console's real sign-in, over the sample service (Peggy: res-demo on hub-demo,
 * her GP dr.okafor, her son sam; res-sim, whose circle has no clinician): the hub's parser names the field, who may
 * read and who may change, the audit trail, pushing to the assigned hub and the hub's answer.
 */
class CarePlanRoutesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId DEMO = TenantId.of("demo");
    private static final String PLAN = "vitals:\n  limits:\n    - {id: spo2-low, below: 90, priority: high}\n";
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<String> live = new CopyOnWriteArrayList<>();
    @TempDir
    Path dir;
    private Database db;
    private JdbcRelayStore store;
    private SqlCareDirectory directory;
    private SqlAuditTrail audit;
    private CarePlanStore plans;
    private ConsoleServer console;
    private String base;
    private volatile boolean brokerTakes = true;

    private record Sent(TenantId tenant, HubId hub, Payload body) {
    }

    @BeforeEach
    void start() throws Exception {
        db = Database.open(dir.resolve("relay.db").toString());
        store = new JdbcRelayStore(db);
        directory = new SqlCareDirectory(db, clock);
        new DirectoryImport(directory, null).importYaml(java.nio.file.Files.readString(Path.of("..", "docs",
                "examples", "directory.yaml")), "test");
        audit = new SqlAuditTrail(db, clock);
        Users users = new Users(clock);
        org.hearthgate.relay.access.Secrets secrets = new org.hearthgate.relay.access.Secrets(db, clock);
        users.useTokens(new org.hearthgate.relay.access.SessionTokens(secrets.secret("session-signing-key"),
                secrets, clock));
        users.useDirectory(directory);
        plans = new CarePlanStore(db);
        org.hearthgate.relay.Downlink down = (tenant, hub, body) -> {
            sent.add(new Sent(tenant, hub, body));
            return brokerTakes;
        };
        console = new ConsoleServer(store, new HubRegistry(store, clock), down, users, () -> null, clock,
                new ConsoleServer.Access(directory, audit));
        CarePlanRoutes routes = new CarePlanRoutes(plans, directory, audit, down, clock);
        org.hearthgate.relay.readings.TrendRoutes trends = new org.hearthgate.relay.readings.TrendRoutes(
                new org.hearthgate.relay.readings.SqlReadingStore(db.dataSource()), directory, audit, plans);
        console.people(new ConsoleServer.People(null, null, router -> {
        }, router -> {
            routes.mount(router);
            trends.mount(router);
        }));
        base = "http://127.0.0.1:" + console.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        console.close();
        store.close();
        db.close();
    }

    private record Reply(int status, JsonNode json) {
    }

    private String login(String user) throws Exception {
        String password = switch (user) {
            case "admin" -> "hearthgate-admin";
            case "dr.okafor" -> "hearthgate-clinician";
            case "sam" -> "hearthgate-family";
            default -> "hearthgate-demo";
        };
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("user", user, "password",
                        password)))).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("token").asText();
    }

    private Reply call(String token, String method, String path, Object body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/residents/" + path))
                .header("Authorization", "Bearer " + token).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    private List<String> auditActions(String resident) {
        return audit.about(DEMO, ResidentId.of(resident), 100).stream().map(e -> e.login() + " " + e.action())
                .toList();
    }

    @Test
    void theHubsParserNamesTheFieldAndNothingIsStored() throws Exception {
        String gp = login("dr.okafor");
        Reply bad = call(gp, "POST", "res-demo/care-plan/validate", Map.of("yaml",
                "vitals:\n  limits:\n    - {id: spo2-low, bellow: 90}\n"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().path("field").asText()).isEqualTo("vitals.limits[0].bellow");
        assertThat(bad.json().path("reason").asText()).isNotBlank();
        Reply low = call(gp, "PUT", "res-demo/care-plan", Map.of("yaml",
                "vitals:\n  limits:\n    - {id: spo2-low, below: 10}\n"));
        assertThat(low.status()).isEqualTo(422);
        assertThat(low.json().path("field").asText()).isEqualTo("vitals.limits[0].below");
        Reply tooLong = call(gp, "POST", "res-demo/care-plan/validate", Map.of("yaml", "#".repeat(32_001)));
        assertThat(tooLong.status()).as("larger than the console's usual body limit, still read").isEqualTo(422);
        assertThat(tooLong.json().path("reason").asText()).contains("32000");
        assertThat(call(gp, "POST", "res-demo/care-plan/validate", Map.of("nothing", 1)).status()).isEqualTo(400);

        Reply ok = call(gp, "POST", "res-demo/care-plan/validate", Map.of("yaml", PLAN));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("digest").asText()).isEqualTo(ConfigUpdate.carePlanDigest(PLAN));
        assertThat(ok.json().path("brief").path("limits").toString())
                .contains("Oxygen level (SpO2) below 90 %");
        assertThat(plans.latest(DEMO, ResidentId.of("res-demo"))).isEmpty();
    }

    @Test
    void onlyAdminsAndTheResidentsCliniciansChangeItAndEveryReadAndChangeIsAudited() throws Exception {
        String gp = login("dr.okafor");
        String sam = login("sam");
        String responder = login("responder");
        String admin = login("admin");

        Reply before = call(responder, "GET", "res-demo/care-plan", null);
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().path("defaults").asBoolean()).isTrue();
        assertThat(before.json().path("mayEdit").asBoolean()).isFalse();
        assertThat(before.json().path("brief").path("limits").toString()).contains("below 92");

        Reply saved = call(gp, "PUT", "res-demo/care-plan", Map.of("yaml", PLAN, "note", "COPD"));
        assertThat(saved.status()).isEqualTo(201);
        assertThat(saved.json().path("version").asInt()).isEqualTo(1);
        assertThat(call(admin, "PUT", "res-demo/care-plan", Map.of("yaml", PLAN)).json().path("created")
                .asBoolean()).as("the same text: no new version").isFalse();

        assertThat(call(sam, "GET", "res-demo/care-plan", null).status()).as("family never").isEqualTo(403);
        assertThat(call(sam, "PUT", "res-demo/care-plan", Map.of("yaml", PLAN)).status()).isEqualTo(403);
        assertThat(call(responder, "PUT", "res-demo/care-plan", Map.of("yaml", PLAN)).status())
                .as("responders read only").isEqualTo(403);
        assertThat(call(responder, "POST", "res-demo/care-plan/push", null).status()).isEqualTo(403);
        assertThat(call(gp, "GET", "res-sim/care-plan", null).status()).as("not her resident").isEqualTo(403);
        assertThat(call(gp, "PUT", "res-sim/care-plan", Map.of("yaml", PLAN)).status()).isEqualTo(403);
        assertThat(call(gp, "POST", "res-sim/care-plan/validate", Map.of("yaml", PLAN)).status()).isEqualTo(403);
        assertThat(call(admin, "GET", "res-nobody/care-plan", null).status()).isEqualTo(404);

        Reply read = call(gp, "GET", "res-demo/care-plan", null);
        assertThat(read.json().path("yaml").asText()).isEqualTo(PLAN);
        assertThat(read.json().path("mayEdit").asBoolean()).isTrue();
        assertThat(read.json().path("versions").findValuesAsText("author")).containsExactly("dr.okafor");
        assertThat(read.json().path("versions").get(0).path("note").asText()).isEqualTo("COPD");
        // The charts draw her plan's limits, the others' the defaults
        assertThat(call(gp, "GET", "res-demo/trends?type=spo2", null).json().path("thresholds").findValuesAsText(
                "value")).containsExactly("90.0");
        assertThat(call(responder, "GET", "res-sim/trends?type=spo2", null).json().path("thresholds")
                .findValuesAsText("value")).containsExactly("92.0");

        assertThat(auditActions("res-demo")).contains("responder careplan.read", "dr.okafor careplan.save",
                "sam careplan.read.refused", "sam careplan.save.refused", "responder careplan.save.refused",
                "responder careplan.push.refused", "dr.okafor careplan.read");
        assertThat(auditActions("res-demo")).filteredOn(a -> a.endsWith("careplan.save")).hasSize(1);
        assertThat(auditActions("res-sim")).contains("dr.okafor careplan.read.refused",
                "dr.okafor careplan.save.refused");
        assertThat(plans.latest(DEMO, ResidentId.of("res-sim"))).isEmpty();
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void aPushGoesToTheAssignedHubAndTheHubsAnswerShows() throws Exception {
        String admin = login("admin");
        assertThat(call(admin, "POST", "res-demo/care-plan/push", null).status()).as("nothing saved yet")
                .isEqualTo(409);
        call(admin, "PUT", "res-demo/care-plan", Map.of("yaml", PLAN));
        // Her hubs moved away: Peggy has none now
        List<RegisteredHub> hers = directory.hubs(DEMO).stream()
                .filter(h -> h.resident() != null && h.resident().value().equals("res-demo")).toList();
        assertThat(hers).isNotEmpty();
        hers.forEach(h -> directory.putHub(new RegisteredHub(DEMO, h.id(), h.passwordHash(),
                h.certificateFingerprint(), null)));
        Reply noHub = call(admin, "POST", "res-demo/care-plan/push", null);
        assertThat(noHub.status()).isEqualTo(409);
        assertThat(noHub.json().path("error").asText()).contains("no hub");
        assertThat(sent).isEmpty();
        hers.forEach(directory::putHub);

        brokerTakes = false;
        assertThat(call(admin, "POST", "res-demo/care-plan/push", null).status()).isEqualTo(503);
        assertThat(plans.latestPush(DEMO, ResidentId.of("res-demo"))).as("nothing to wait for").isEmpty();
        brokerTakes = true;
        sent.clear();

        Reply pushed = call(admin, "POST", "res-demo/care-plan/push", Map.of());
        assertThat(pushed.status()).isEqualTo(202);
        assertThat(pushed.json().path("state").asText()).isEqualTo("PENDING");
        // Peggy has two hubs (her home's and her blood-pressure kit's): both run her plan, both are sent it
        assertThat(pushed.json().path("pushes").findValuesAsText("hub")).containsExactly("hub-0001", "hub-demo");
        assertThat(sent).extracting(s -> s.hub().value()).containsExactly("hub-0001", "hub-demo");
        assertThat(sent).allSatisfy(s -> assertThat(s.body()).isEqualTo(new ConfigUpdate(null, PLAN)));
        assertThat(auditActions("res-demo")).contains("admin careplan.push");

        // The hub applies it: its event and heartbeat go through the observer of the stored stream
        HubConfirmations observer = new HubConfirmations(plans, (event, data) -> live.add(event));
        Instant now = Instant.now();
        String digest = ConfigUpdate.carePlanDigest(PLAN);
        observer.accept(List.of(in(new Event(ResidentId.of("res-demo"), EventCode.REMOTE_INSTRUCTION,
                Priority.INFO, null, "config applied: carePlan " + digest), now),
                in(new Heartbeat(60, 10, 0, 0, "t", digest), now)));
        Reply read = call(admin, "GET", "res-demo/care-plan", null);
        JsonNode demoHub = read.json().path("hubs").get(1);
        assertThat(demoHub.path("id").asText()).isEqualTo("hub-demo");
        assertThat(demoHub.path("push").path("state").asText()).isEqualTo("APPLIED");
        assertThat(demoHub.path("push").path("answeredAt").asLong()).isEqualTo(now.toEpochMilli());
        assertThat(demoHub.path("runs").asText()).isEqualTo(digest);
        assertThat(demoHub.path("runsVersion").asInt()).isEqualTo(1);
        assertThat(read.json().path("hubs").get(0).path("push").path("state").asText())
                .as("the other hub has not answered: its push still waits").isEqualTo("PENDING");
        assertThat(live).containsExactly("careplan.applied");
    }

    private static RelayStore.Inbound in(Payload body, Instant at) {
        return new RelayStore.Inbound(DEMO, Message.of(HubId.of("hub-demo"), 1, at, body), at);
    }
}
