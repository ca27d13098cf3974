package org.hearthgate.relay.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.relay.console.ConsoleHttp;
import org.hearthgate.relay.access.Secrets;
import org.hearthgate.relay.access.SessionTokens;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.careplans.CarePlans;
import org.hearthgate.relay.console.ConsoleServer;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.TestDatabases;
import org.hearthgate.relay.directory.Account;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.directory.Role;
import org.hearthgate.relay.escalation.AlarmActions;
import org.hearthgate.relay.escalation.Outcome;
import org.hearthgate.relay.escalation.Resolutions;
import org.hearthgate.relay.ingest.HubRegistry;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The clinician's worklist over the console, on SQLite and on a real PostgreSQL: a clinician sees the open advisory
 * alerts of their own residents only (not the urgent ones, not another tenant's), oldest first, each with the
 * trend that triggered it; reviewing resolves with CLINICALLY_REVIEWED through the resolution path, and is audited.
 */
class WorklistIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId OTHER = TenantId.of("other");
    private static final ResidentId ANN = ResidentId.of("res-ann");
    private static final ResidentId BOB = ResidentId.of("res-bob");
    private static final String PW = "a long demo password";
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> toHub = new CopyOnWriteArrayList<>();
    private Database db;
    private JdbcRelayStore store;
    private SqlAuditTrail audit;
    private Resolutions resolutions;
    private ConsoleServer console;
    private String base;

    private final CareDirectory directory = new CareDirectory() {
        @Override
        public Optional<Resident> resident(TenantId tenant, ResidentId id) {
            if (!tenant.equals(ACME)) {
                return Optional.empty();
            }
            return id.equals(ANN) ? Optional.of(new Resident(ACME, ANN, "Ann", "Lee", null, null, null, null, null,
                    null, null, null)) : id.equals(BOB) ? Optional.of(new Resident(ACME, BOB, "Robert", "Hale", "Bob",
                            null, null, null, null, null, null, null)) : Optional.empty();
        }

        @Override
        public List<CircleMember> circle(TenantId tenant, ResidentId resident) {
            if (resident.equals(ANN)) {
                return List.of(new CircleMember("c-okafor", "Dr Okafor", null, CircleRole.CLINICIAN, 1, List.of(),
                        null, null, "okafor"), new CircleMember("c-sam", "Sam Lee", "Mum", CircleRole.FAMILY, 1,
                                List.of(), null, null, "sam"));
            }
            return List.of(new CircleMember("c-patel", "Dr Patel", null, CircleRole.CLINICIAN, 1, List.of(), null,
                    null, "patel"));
        }

        @Override
        public Set<ResidentId> residentsNaming(TenantId tenant, String login) {
            return switch (login) {
                case "okafor", "sam" -> Set.of(ANN);
                case "patel" -> Set.of(BOB);
                default -> Set.of();
            };
        }

        @Override
        public Optional<Account> account(String login) {
            return Optional.empty();
        }

        @Override
        public Optional<ResidentId> residentOfHub(TenantId tenant, HubId hub) {
            return Optional.of(hub.value().equals("hub-bob") ? BOB : ANN);
        }
    };

    private void start(String kind) {
        db = databases.open(kind);
        store = new JdbcRelayStore(db);
        audit = new SqlAuditTrail(db, clock);
        Users users = new Users(clock);
        Secrets secrets = new Secrets(db, clock);
        users.useTokens(new SessionTokens(secrets.secret("session-signing-key"), secrets, clock));
        users.addWithPassword("okafor", ACME, Role.CLINICIAN, PW.toCharArray());
        users.addWithPassword("patel", ACME, Role.CLINICIAN, PW.toCharArray());
        users.addWithPassword("admin", ACME, Role.ADMIN, PW.toCharArray());
        users.addWithPassword("ana", ACME, Role.RESPONDER, PW.toCharArray());
        users.addWithPassword("sam", ACME, Role.FAMILY, PW.toCharArray());
        console = new ConsoleServer(store, new HubRegistry(store, clock), (t, h, b) -> true, users, () -> null, clock,
                new ConsoleServer.Access(directory, audit));
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
                    toHub.add(alarm.value() + " " + outcome);
                }
                return moved;
            }
        };
        resolutions = new Resolutions(db, directory, actions, clock);
        WorklistRoutes routes = new WorklistRoutes(db, directory, audit, resolutions, CarePlans.defaults());
        console.people(new ConsoleServer.People(resolutions, null, r -> {
        }, routes::mount));
        base = "http://127.0.0.1:" + console.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        console.close();
        store.close();
        db.close();
    }

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private void raise(TenantId tenant, String hub, String id, ResidentId resident, EventCode code, Priority priority,
            String key, String summary, Duration ago) {
        Instant at = now.minus(ago);
        store.ingest(tenant, new Message(1, MessageId.random(), HubId.of(hub), 1, at, new AlarmRaised(AlarmId.of(id),
                resident, code, priority, key, DeviceId.of("cuff-1"), summary, null)), at.plusSeconds(1));
    }

    /** Advisory and urgent alarms of two residents and another tenant. */
    private void alarms() {
        raise(ACME, "hub-ann", "bp-stage", ANN, EventCode.VITAL_SIGN, Priority.LOW, "hbpm", "home BP average 141/88"
                + " mmHg over 6 days (12 readings, day 1 discarded) ≥ 135/85: stage 1 hypertension range (NICE NG136)",
                Duration.ofHours(30));
        raise(ACME, "hub-ann", "missed", ANN, EventCode.MISSED_MEASUREMENT, Priority.LOW, "missed/bp-evening",
                "no blood pressure reading for the 18:00 due time after 2h (bp-evening)", Duration.ofHours(3));
        raise(ACME, "hub-ann", "severe", ANN, EventCode.VITAL_SIGN, Priority.HIGH, "limit/bp-high",
                "systolic 184 mmHg ≥ 180 (severe-systolic; NICE NG136: severe hypertension, systolic ≥ 180)",
                Duration.ofHours(20));
        raise(ACME, "hub-ann", "critical-stage", ANN, EventCode.VITAL_SIGN, Priority.CRITICAL, "hbpm",
                "home BP average 160/100: stage 2 hypertension range (NICE NG136)", Duration.ofHours(40));
        raise(ACME, "hub-bob", "bob-weight", BOB, EventCode.VITAL_SIGN, Priority.HIGH, "weight-gain",
                "weight up 2.4 kg over 3 days by regression (4 weighings) > 2 kg in 3d: possible fluid retention"
                        + " (ESC heart failure 2021)", Duration.ofHours(10));
        raise(OTHER, "hub-x", "other-tenant", ANN, EventCode.VITAL_SIGN, Priority.LOW, "hbpm",
                "stage 1 hypertension range", Duration.ofHours(50));
    }

    private String login(String user) throws Exception {
        return new ConsoleHttp(base, http).login(user, PW);
    }

    private HttpResponse<String> call(String token, String method, String path, String body) throws Exception {
        return new ConsoleHttp(base, http).call(token, method, path, body);
    }

    private JsonNode worklist(String token) throws Exception {
        HttpResponse<String> r = call(token, "GET", "/api/worklist", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("items");
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void aClinicianSeesTheAdvisoriesOfTheirOwnResidentsOldestFirstWithTheTrendBehindEach(String kind)
            throws Exception {
        start(kind);
        alarms();
        JsonNode items = worklist(login("okafor"));
        assertThat(items.findValuesAsText("alarmId")).as("Ann's advisories only: not the urgent limit, not the"
                + " critical one, not Bob's, not another tenant's").containsExactly("bp-stage", "missed");
        JsonNode bp = items.get(0);
        assertThat(bp.get("residentName").asText()).isEqualTo("Ann Lee");
        assertThat(bp.get("what").asText()).isEqualTo("Home blood pressure: stage 1 range");
        assertThat(bp.get("detail").asText()).contains("141/88");
        assertThat(bp.at("/trend/type").asText()).isEqualTo("bloodPressure");
        long raised = bp.get("raisedAt").asLong();
        assertThat(bp.at("/trend/from").asLong()).isEqualTo(raised - Duration.ofDays(14).toMillis());
        assertThat(bp.at("/trend/to").asLong()).isEqualTo(raised + Duration.ofDays(1).toMillis());
        assertThat(bp.get("lines").findValuesAsText("id")).as("the NICE stage lines to draw").containsExactly(
                "hbpm-stage1", "hbpm-stage1", "hbpm-stage2", "hbpm-stage2");
        assertThat(bp.at("/lines/0/value").asDouble()).isEqualTo(135);
        assertThat(bp.at("/lines/1/value").asDouble()).isEqualTo(85);
        JsonNode missed = items.get(1);
        assertThat(missed.get("lines")).as("the plan's limits serve").isEmpty();
        assertThat(missed.get("what").asText()).isEqualTo("Missed blood pressure reading");
        assertThat(missed.at("/trend/type").asText()).isEqualTo("bloodPressure");
        assertThat(missed.at("/trend/from").asLong()).isEqualTo(missed.get("raisedAt").asLong()
                - Duration.ofDays(2).toMillis());

        assertThat(worklist(login("admin")).findValuesAsText("alarmId")).as("an admin: the whole tenant")
                .containsExactly("bp-stage", "bob-weight", "missed");
        JsonNode weight = worklist(login("patel")).get(0);
        assertThat(weight.get("what").asText()).isEqualTo("Weight going up");
        assertThat(weight.get("residentName").asText()).isEqualTo("Bob Hale");
        assertThat(weight.at("/trend/type").asText()).isEqualTo("bodyWeight");
        assertThat(audit.about(ACME, ANN, 10)).extracting(SqlAuditTrail.Entry::action).contains("worklist.view");

        assertThat(call(login("sam"), "GET", "/api/worklist", null).statusCode()).as("family never").isEqualTo(403);
        assertThat(call(login("ana"), "GET", "/api/worklist", null).statusCode()).as("responders have the queue")
                .isEqualTo(403);
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void reviewingResolvesWithTheClinicalOutcomeAndIsAuditedOnlyForOwnResidents(String kind) throws Exception {
        start(kind);
        alarms();
        String okafor = login("okafor");
        HttpResponse<String> outside = call(okafor, "POST", "/api/worklist/bob-weight/review",
                "{\"note\":\"seen\"}");
        assertThat(outside.statusCode()).as("Bob's circle does not name her").isEqualTo(403);
        assertThat(audit.about(ACME, BOB, 10)).extracting(SqlAuditTrail.Entry::action)
                .contains("worklist.review.refused");
        assertThat(call(okafor, "POST", "/api/worklist/severe/review", "{\"note\":\"seen\"}").statusCode())
                .as("an urgent alarm is the responders'").isEqualTo(404);
        assertThat(call(okafor, "POST", "/api/worklist/other-tenant/review", "{\"note\":\"seen\"}").statusCode())
                .isEqualTo(404);
        assertThat(call(okafor, "POST", "/api/worklist/bp-stage/review", "{\"note\":\"  \"}").statusCode())
                .as("a review says what was decided").isEqualTo(400);
        assertThat(call(login("sam"), "POST", "/api/worklist/bp-stage/review", "{\"note\":\"fine\"}").statusCode())
                .isEqualTo(403);

        HttpResponse<String> reviewed = call(okafor, "POST", "/api/worklist/bp-stage/review",
                "{\"note\":\"Amlodipine started last week; recheck in 2 weeks\"}");
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(200);
        assertThat(JSON.readTree(reviewed.body()).get("outcome").asText()).isEqualTo("CLINICALLY_REVIEWED");
        assertThat(store.alarm(AlarmId.of("bp-stage")).orElseThrow().state()).isEqualTo(AlarmState.RESOLVED);
        assertThat(resolutions.outcome(AlarmId.of("bp-stage"))).contains(Outcome.CLINICALLY_REVIEWED);
        assertThat(toHub).containsExactly("bp-stage CLINICALLY_REVIEWED");
        assertThat(audit.about(ACME, ANN, 20)).filteredOn(e -> e.action().equals("worklist.review"))
                .singleElement().satisfies(e -> {
                    assertThat(e.login()).isEqualTo("okafor");
                    assertThat(e.detail()).isEqualTo("bp-stage CLINICALLY_REVIEWED");
                });
        assertThat(worklist(okafor).findValuesAsText("alarmId")).containsExactly("missed");
        assertThat(call(okafor, "POST", "/api/worklist/bp-stage/review", "{\"note\":\"again\"}").statusCode())
                .as("reviewed once: no longer on the worklist").isEqualTo(404);
        assertThat(call(login("admin"), "POST", "/api/worklist/bob-weight/review", "{\"note\":\"GP to call\"}")
                .statusCode()).as("an admin, any resident of the tenant").isEqualTo(200);
    }
}
