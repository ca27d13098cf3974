package org.hearthgate.relay.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.relay.console.ConsoleHttp;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.console.ConsoleServer;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.DirectoryImport;
import org.hearthgate.relay.directory.Sees;
import org.hearthgate.relay.directory.CircleEntry;
import org.hearthgate.relay.directory.SqlCareDirectory;
import org.hearthgate.relay.ingest.HubRegistry;
import org.hearthgate.relay.store.AlarmRecord;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Need to know, enforced on the server: a family member sees their relative only (list, by id, card, live feed),
 * responders see their own tenant only, and every read of a resident's record is in the audit trail.
 */
class AccessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId DEMO = TenantId.of("demo");
    private static final TenantId OTHER = TenantId.of("other");
    private static final String PW = "a long demo password";
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private JdbcRelayStore store;
    private Database db;
    private ConsoleServer console;
    private SqlAuditTrail audit;
    private String base;

    /** A second service with one resident and its own responder: the sample service must never see it. */
    private static final String OTHER_SERVICE = """
            tenant: {id: other, name: Elsewhere Care}
            contacts:
              - {id: desk, name: Elsewhere desk, channels: [{channel: CONSOLE, address: desk}]}
            residents:
              - id: res-x
                givenName: Xena
                familyName: Jones
                birthDate: 1940-01-01
                circle: [{contact: desk, role: RESPONDER, order: 1, sees: TRENDS}]
            hubs:
              - {id: hub-x, resident: res-x, passwordHash: "$7$101$o6/rihpEgwyKqOxR$nXnfr8A9YzU5XJt3fbNIswVD3HTL2fylU5lCYhMvO19fd6QVEyQzKderVXjNquI3ivfxX+feaKvU3KT5n0+HCA=="}
            accounts:
              - {login: ops-other, role: RESPONDER, passwordHash: "%s"}
            """;

    private SqlCareDirectory directory;

    @BeforeEach
    void start() {
        db = Database.open(dir.resolve("relay.db").toString());
        store = new JdbcRelayStore(db);
        directory = new SqlCareDirectory(db, clock);
        // The shipped sample service (tenant demo: Margaret, whose son Sam has a family login; Arthur; Nisha).
        new DirectoryImport(directory, null).importYaml(readSample(), "test");
        new DirectoryImport(directory, null).importYaml(OTHER_SERVICE.formatted(Users.hash(PW.toCharArray())),
                "test");
        audit = new SqlAuditTrail(db, clock);
        Users users = new Users(clock);
        Secrets secrets = new Secrets(db, clock);
        users.useTokens(new SessionTokens(secrets.secret("session-signing-key"), secrets, clock));
        users.useDirectory(directory);
        console = new ConsoleServer(store, new HubRegistry(store, clock), (t, h, b) -> true, users, () -> null, clock,
                new ConsoleServer.Access(directory, audit));
        console.people(new ConsoleServer.People(null, null, router -> {
        }, new org.hearthgate.relay.readings.TrendRoutes(new org.hearthgate.relay.readings.SqlReadingStore(
                db.dataSource()), directory, audit, org.hearthgate.relay.careplans.CarePlans.defaults())::mount));
        base = "http://127.0.0.1:" + console.start("127.0.0.1", 0);
        raise(DEMO, "hub-demo", "res-demo", "alarm-a");
        raise(DEMO, "hub-sim", "res-sim", "alarm-b");
        raise(OTHER, "hub-x", "res-x", "alarm-x");
    }

    private static String readSample() {
        try {
            return java.nio.file.Files.readString(Path.of("..", "docs", "examples", "directory.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String passwordOf(String user) {
        return switch (user) {
            case "sam" -> "hearthgate-family";
            case "responder" -> "hearthgate-demo";
            default -> PW;
        };
    }

    @AfterEach
    void stop() {
        console.close();
        store.close();
        db.close();
    }

    private void raise(TenantId tenant, String hub, String resident, String alarm) {
        Instant now = Instant.now();
        store.ingest(tenant, new Message(1, MessageId.random(), HubId.of(hub), 1, now, new AlarmRaised(
                AlarmId.of(alarm), ResidentId.of(resident), EventCode.PERSONAL_TRIGGER, Priority.CRITICAL,
                "PERSONAL_TRIGGER/p", DeviceId.of("pendant-1"), "pendant pressed",
                new PendantPress(DeviceId.of("pendant-1"), now))), now);
    }

    private String login(String user) throws Exception {
        return new ConsoleHttp(base, http).login(user, passwordOf(user));
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        return new ConsoleHttp(base, http).get(token, path);
    }

    private HttpResponse<String> post(String token, String path) throws Exception {
        return new ConsoleHttp(base, http).post(token, path, "{}");
    }

    private List<String> alarmIds(String token) throws Exception {
        HttpResponse<String> r = get(token, "/api/alarms");
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).findValuesAsText("id");
    }

    @Test
    void aFamilyMemberSeesTheirRelativeAndGets403ForAnyoneElse() throws Exception {
        String sam = login("sam");
        assertThat(alarmIds(sam)).containsExactly("alarm-a");
        assertThat(get(sam, "/api/alarms/alarm-a").statusCode()).isEqualTo(200);
        assertThat(get(sam, "/api/alarms/alarm-b").statusCode()).isEqualTo(403);
        assertThat(get(sam, "/api/alarms/alarm-x").statusCode()).as("another tenant's alarm").isEqualTo(404);
        assertThat(get(sam, "/api/residents/res-demo").body()).contains("Peggy").doesNotContain("Hughes", "4721");
        assertThat(get(sam, "/api/residents/res-sim").statusCode()).isEqualTo(403);
        assertThat(post(sam, "/api/alarms/alarm-a/ack").statusCode()).as("family view, not act").isEqualTo(403);
        assertThat(get(sam, "/api/dead-letters").statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(get(sam, "/api/hubs").body()).findValuesAsText("hub")).containsExactly("hub-demo");

        List<SqlAuditTrail.Entry> aboutB = audit.about(DEMO, ResidentId.of("res-sim"), 10);
        assertThat(aboutB).extracting(SqlAuditTrail.Entry::action).contains("resident.read.refused",
                "alarm.read.refused");
        assertThat(audit.about(DEMO, ResidentId.of("res-demo"), 10)).extracting(SqlAuditTrail.Entry::login)
                .contains("sam");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void theLiveFeedCarriesOnlyWhatTheWatcherMaySee() throws Exception {
        String sam = login("sam");
        String opsAcme = login("responder");
        BlockingQueue<JsonNode> samHears = follow(sam);
        BlockingQueue<JsonNode> opsHears = follow(opsAcme);
        assertThat(samHears.poll(10, TimeUnit.SECONDS).get("event").asText()).isEqualTo("hello");
        assertThat(opsHears.poll(10, TimeUnit.SECONDS).get("event").asText()).isEqualTo("hello");

        for (String id : List.of("alarm-b", "alarm-x", "alarm-a")) {
            AlarmRecord r = store.alarm(AlarmId.of(id)).orElseThrow();
            console.publish("alarm.received", Map.of("alarm", r, "latencyMs", 1));
        }
        console.publish("broker.state", Map.of("connected", false, "reason", "test"));
        // Sam's first event is his mother's alarm: Bill's (same service) and Xena's (another) never reach him.
        JsonNode first = samHears.poll(10, TimeUnit.SECONDS);
        assertThat(first.at("/data/alarm/id").asText()).isEqualTo("alarm-a");
        // The responder hears their own service's alarms and the broker state, not another tenant's alarm.
        List<String> heard = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode e = opsHears.poll(10, TimeUnit.SECONDS);
            heard.add(e.get("event").asText() + ":" + e.at("/data/alarm/id").asText());
        }
        assertThat(heard).containsExactly("alarm.received:alarm-b", "alarm.received:alarm-a", "broker.state:");
        assertThat(samHears.poll(300, TimeUnit.MILLISECONDS)).as("no broker state for family").isNull();
    }

    @Test
    void trendsGoToTheCareTeamWithThePlansLimitsAndToFamilyOnlyWhenShared() throws Exception {
        String responder = login("responder");
        HttpResponse<String> r = get(responder, "/api/residents/res-demo/trends?type=bloodPressure");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.at("/trend/type").asText()).isEqualTo("bloodPressure");
        assertThat(body.get("thresholds").findValuesAsText("field")).contains("systolic");
        // Sam's circle entry shares his mum's trends; Arthur is not his relative at all.
        String sam = login("sam");
        assertThat(get(sam, "/api/residents/res-demo/trends?type=bloodPressure").statusCode()).isEqualTo(200);
        assertThat(get(sam, "/api/residents/res-sim/trends?type=bloodPressure").statusCode()).isEqualTo(403);
        // Once she shares her status only, her trends are refused to him.
        TenantId demo = TenantId.of("demo");
        ResidentId peggy = ResidentId.of("res-demo");
        directory.putCircle(demo, peggy, directory.circle(demo, peggy).stream().map(m -> new CircleEntry(m.contactId(),
                m.role(), m.order(), m.contactId().equals("sam-hughes") ? Sees.STATUS : m.sees(), m.residentCalled()))
                .toList());
        assertThat(get(sam, "/api/residents/res-demo/trends?type=bloodPressure").statusCode()).isEqualTo(403);
        assertThat(get(responder, "/api/residents/res-demo/trends?type=bloodPressure&points=0").statusCode())
                .isEqualTo(400);
        assertThat(get(login("ops-other"), "/api/residents/res-demo/trends?type=bloodPressure").statusCode())
                .as("another tenant's resident does not exist for this caller").isEqualTo(404);
    }

    @Test
    void twoTenantsRespondersNeverSeeEachOthersAlarms() throws Exception {
        String acme = login("responder");
        String other = login("ops-other");
        assertThat(get(acme, "/api/residents/res-demo").body()).as("the care team's card").contains("4721",
                "Sam Hughes");
        assertThat(alarmIds(acme)).containsExactlyInAnyOrder("alarm-a", "alarm-b");
        assertThat(alarmIds(other)).containsExactly("alarm-x");
        assertThat(get(acme, "/api/alarms/alarm-x").statusCode()).isEqualTo(404);
        assertThat(post(acme, "/api/alarms/alarm-x/ack").statusCode()).isEqualTo(404);
        assertThat(post(other, "/api/alarms/alarm-x/ack").statusCode()).isEqualTo(200);
        assertThat(get(other, "/api/registrations").statusCode()).as("responders are not admins").isEqualTo(403);
        assertThat(post(other, "/api/registrations/acme/hub-z/confirm").statusCode()).isEqualTo(403);
    }

    @Test
    void theLiveFeedTakesNoTokenInItsUrlAndSessionsEndAtSignOut() throws Exception {
        String ops = login("responder");
        HttpResponse<String> inUrl = http.send(HttpRequest.newBuilder(URI.create(base + "/live?token=" + ops))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inUrl.statusCode()).isEqualTo(401);
        assertThat(post(ops, "/api/logout").statusCode()).isEqualTo(204);
        assertThat(get(ops, "/api/alarms").statusCode()).isEqualTo(401);
    }

    private BlockingQueue<JsonNode> follow(String token) {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        StringBuilder partial = new StringBuilder();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("hearthgate.v1", "bearer." + token)
                .buildAsync(URI.create(base.replace("http", "ws") + "/live"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                events.add(JSON.readTree(partial.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ws.isInputClosed());
        return events;
    }
}
