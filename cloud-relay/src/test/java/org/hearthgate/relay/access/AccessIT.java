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
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.console.ConsoleServer;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.Account;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.directory.Role;
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
    private static final TenantId ACME = TenantId.of("acme");
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

    /** The directory as the access layer sees it: two residents at acme (Sam is Ann's son), one at another service. */
    private final CareDirectory directory = new CareDirectory() {
        @Override
        public Optional<Resident> resident(TenantId tenant, ResidentId id) {
            return switch (tenant.value() + "/" + id.value()) {
                case "acme/res-a" -> Optional.of(AccessIT.resident(tenant, id, "Ann"));
                case "acme/res-b" -> Optional.of(AccessIT.resident(tenant, id, "Bill"));
                case "other/res-x" -> Optional.of(AccessIT.resident(tenant, id, "Xena"));
                default -> Optional.empty();
            };
        }

        @Override
        public List<CircleMember> circle(TenantId tenant, ResidentId resident) {
            return List.of();
        }

        @Override
        public Set<ResidentId> residentsNaming(TenantId tenant, String login) {
            return tenant.equals(ACME) && login.equals("sam") ? Set.of(ResidentId.of("res-a")) : Set.of();
        }

        @Override
        public Optional<Account> account(String login) {
            return Optional.empty();
        }

        @Override
        public Optional<ResidentId> residentOfHub(TenantId tenant, HubId hub) {
            return Optional.of(ResidentId.of(hub.value().replace("hub-", "res-")));
        }
    };

    private static Resident resident(TenantId tenant, ResidentId id, String name) {
        return new Resident(tenant, id, name, "Smith", null, LocalDate.of(1940, 1, 1), null, null, null, null, null,
                null);
    }

    @BeforeEach
    void start() {
        store = JdbcRelayStore.open(dir.resolve("relay.db").toString());
        db = Database.open(dir.resolve("people.db").toString());
        audit = new SqlAuditTrail(db, clock);
        Users users = new Users(clock);
        Secrets secrets = new Secrets(db, clock);
        users.useTokens(new SessionTokens(secrets.secret("session-signing-key"), secrets, clock));
        users.addWithPassword("sam", ACME, Role.FAMILY, PW.toCharArray());
        users.addWithPassword("ops-acme", ACME, Role.RESPONDER, PW.toCharArray());
        users.addWithPassword("ops-other", OTHER, Role.RESPONDER, PW.toCharArray());
        console = new ConsoleServer(store, new HubRegistry(store, clock), (t, h, b) -> true, users, () -> null, clock,
                new ConsoleServer.Access(directory, audit));
        base = "http://127.0.0.1:" + console.start("127.0.0.1", 0);
        raise(ACME, "hub-a", "res-a", "alarm-a");
        raise(ACME, "hub-b", "res-b", "alarm-b");
        raise(OTHER, "hub-x", "res-x", "alarm-x");
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
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("user", user, "password",
                        PW)))).header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("token").asText();
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
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
        assertThat(get(sam, "/api/residents/res-a").body()).contains("Ann").doesNotContain("Smith");
        assertThat(get(sam, "/api/residents/res-b").statusCode()).isEqualTo(403);
        assertThat(post(sam, "/api/alarms/alarm-a/ack").statusCode()).as("family view, not act").isEqualTo(403);
        assertThat(get(sam, "/api/dead-letters").statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(get(sam, "/api/hubs").body()).findValuesAsText("hub")).containsExactly("hub-a");

        List<SqlAuditTrail.Entry> aboutB = audit.about(ACME, ResidentId.of("res-b"), 10);
        assertThat(aboutB).extracting(SqlAuditTrail.Entry::action).contains("resident.read.refused",
                "alarm.read.refused");
        assertThat(audit.about(ACME, ResidentId.of("res-a"), 10)).extracting(SqlAuditTrail.Entry::login)
                .contains("sam");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void theLiveFeedCarriesOnlyWhatTheWatcherMaySee() throws Exception {
        String sam = login("sam");
        String opsAcme = login("ops-acme");
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
    void twoTenantsRespondersNeverSeeEachOthersAlarms() throws Exception {
        String acme = login("ops-acme");
        String other = login("ops-other");
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
        String ops = login("ops-acme");
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
