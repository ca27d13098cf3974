package org.hearthgate.relay.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.net.http.WebSocket;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.Ack;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.relay.access.Secrets;
import org.hearthgate.relay.access.SessionTokens;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.Account;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.directory.Role;
import org.hearthgate.relay.escalation.AlarmActions;
import org.hearthgate.relay.escalation.ConsoleNotifier;
import org.hearthgate.relay.escalation.EscalationEngine;
import org.hearthgate.relay.escalation.Outcome;
import org.hearthgate.relay.escalation.PolicyStore;
import org.hearthgate.relay.escalation.Resolutions;
import org.hearthgate.relay.ingest.HubRegistry;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console where escalation runs: the card's timeline route shows the chain's steps, resolving goes through
 * {@link Resolutions} (outcome recorded, chain stopped, hub told through the alarm actions), and the family view
 * says how the alert ended.
 */
class ConsoleEscalationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId ACME = TenantId.of("acme");
    private static final ResidentId ANN = ResidentId.of("res-a");
    private static final String PW = "a long demo password";
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Ack> toHub = new CopyOnWriteArrayList<>();
    @TempDir
    Path dir;
    private Database db;
    private JdbcRelayStore store;
    private ConsoleServer console;
    private EscalationEngine engine;
    private String base;
    private Users users;

    private final CareDirectory directory = new CareDirectory() {
        @Override
        public Optional<Resident> resident(TenantId tenant, ResidentId id) {
            return id.equals(ANN) ? Optional.of(new Resident(ACME, ANN, "Ann", "Lee", null, null, null, null, null,
                    null, null, null)) : Optional.empty();
        }

        @Override
        public List<CircleMember> circle(TenantId tenant, ResidentId resident) {
            return List.of(new CircleMember("c-sam", "Sam Lee", "Mum", CircleRole.FAMILY, 1, List.of(), null, null,
                    "sam"));
        }

        @Override
        public Set<ResidentId> residentsNaming(TenantId tenant, String login) {
            return login.equals("sam") ? Set.of(ANN) : Set.of();
        }

        @Override
        public Optional<Account> account(String login) {
            return Optional.empty();
        }

        @Override
        public Optional<ResidentId> residentOfHub(TenantId tenant, HubId hub) {
            return Optional.of(ANN);
        }
    };

    @BeforeEach
    void start() {
        db = Database.open(dir.resolve("relay.db").toString());
        store = new JdbcRelayStore(db);
        users = new Users(clock);
        Secrets secrets = new Secrets(db, clock);
        users.useTokens(new SessionTokens(secrets.secret("session-signing-key"), secrets, clock));
        users.addWithPassword("ana", ACME, Role.RESPONDER, PW.toCharArray());
        users.addWithPassword("sam", ACME, Role.FAMILY, PW.toCharArray());
        console = new ConsoleServer(store, new HubRegistry(store, clock), (t, h, b) -> true, users, () -> null, clock,
                new ConsoleServer.Access(directory, new SqlAuditTrail(db, clock)));
        console.useDatabase(db);
        // The alarm actions as the composition root wires them: the store's transition, then the hub.
        AlarmActions actions = new AlarmActions() {
            @Override
            public boolean acknowledge(AlarmId alarm, String by, String note, Instant at) {
                return store.transition(alarm, AlarmState.ACKNOWLEDGED, by, note, at).isPresent();
            }

            @Override
            public boolean resolve(AlarmId alarm, String by, Outcome outcome, String notes, Instant at) {
                boolean moved = store.transition(alarm, AlarmState.RESOLVED, by, notes, at).isPresent();
                if (moved) {
                    toHub.add(new Ack(alarm, AlarmState.RESOLVED, "responder", outcome.name()));
                }
                return moved;
            }
        };
        engine = new EscalationEngine(db, directory, new PolicyStore(db, clock), List.of(new ConsoleNotifier(console)),
                null, clock, "relay-test", EscalationEngine.Settings.DEFAULT);
        console.people(new ConsoleServer.People(new Resolutions(db, directory, actions, clock), engine, r -> {
        }, r -> {
        }));
        base = "http://127.0.0.1:" + console.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        console.close();
        engine.close();
        store.close();
        db.close();
    }

    private String login(String user) throws Exception {
        return new ConsoleHttp(base, http).login(user, PW);
    }

    private HttpResponse<String> call(String token, String method, String path, String body) throws Exception {
        return new ConsoleHttp(base, http).call(token, method, path, body);
    }

    @Test
    void aConsolePageForOneResponderReachesThatResponderOnly() throws Exception {
        users.addWithPassword("ben", ACME, Role.RESPONDER, PW.toCharArray());
        BlockingQueue<JsonNode> ana = follow(login("ana"));
        BlockingQueue<JsonNode> ben = follow(login("ben"));
        assertThat(ana.poll(10, TimeUnit.SECONDS).get("event").asText()).isEqualTo("hello");
        assertThat(ben.poll(10, TimeUnit.SECONDS).get("event").asText()).isEqualTo("hello");
        console.publish("escalation.page", Map.of("alarmId", "alarm-9", "login", "ana", "text", "Ann Lee pressed"));
        console.publish("broker.state", Map.of("connected", true));
        assertThat(ana.poll(10, TimeUnit.SECONDS).get("event").asText()).isEqualTo("escalation.page");
        assertThat(ben.poll(10, TimeUnit.SECONDS).get("event").asText()).as("not the page meant for ana")
                .isEqualTo("broker.state");
    }

    private BlockingQueue<JsonNode> follow(String token) {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        StringBuilder partial = new StringBuilder();
        http.newWebSocketBuilder().subprotocols("hearthgate.v1", "bearer." + token)
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
        return events;
    }

    @Test
    void theTimelineShowsTheChainAndResolvingRecordsTheOutcomeTheFamilyReads() throws Exception {
        Instant now = Instant.now();
        store.ingest(ACME, new Message(1, MessageId.random(), HubId.of("hub-a"), 1, now, new AlarmRaised(
                AlarmId.of("alarm-1"), ANN, EventCode.PERSONAL_TRIGGER, Priority.CRITICAL, "p", DeviceId.of("p-1"),
                "pendant pressed", new PendantPress(DeviceId.of("p-1"), now))), now);
        engine.tick(); // the chain starts: its first step pages the responders on the console
        String ana = login("ana");
        HttpResponse<String> timeline = call(ana, "GET", "/api/alarms/alarm-1/timeline", null);
        assertThat(timeline.statusCode()).as(timeline.body()).isEqualTo(200);
        assertThat(JSON.readTree(timeline.body()).get("timeline").findValuesAsText("kind")).isNotEmpty();
        assertThat(call(login("sam"), "GET", "/api/alarms/alarm-1/timeline", null).statusCode())
                .as("the timeline names the people told: not for family").isEqualTo(403);

        HttpResponse<String> resolved = call(ana, "POST", "/api/alarms/alarm-1/resolve",
                "{\"outcome\":\"VISITED_RESIDENT_OK\",\"note\":\"went round, all fine\"}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(JSON.readTree(resolved.body()).get("state").asText()).isEqualTo("RESOLVED");
        assertThat(toHub).extracting(Ack::note).containsExactly("VISITED_RESIDENT_OK");
        JsonNode after = JSON.readTree(call(ana, "GET", "/api/alarms/alarm-1/timeline", null).body());
        assertThat(after.get("outcome").asText()).isEqualTo("VISITED_RESIDENT_OK");
        assertThat(call(ana, "POST", "/api/alarms/alarm-1/resolve", "{\"outcome\":\"FALSE_ALARM\"}").statusCode())
                .as("resolved once").isEqualTo(409);

        JsonNode family = JSON.readTree(call(login("sam"), "GET", "/api/family", null).body());
        assertThat(family.at("/relatives/0/alerts/0/state").asText()).isEqualTo("RESOLVED");
        assertThat(family.at("/relatives/0/alerts/0/outcome").asText()).isEqualTo("VISITED_RESIDENT_OK");
        assertThat(family.toString()).doesNotContain("went round");
    }
}
