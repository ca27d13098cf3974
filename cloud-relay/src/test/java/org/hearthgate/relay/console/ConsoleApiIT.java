package org.hearthgate.relay.console;

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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.access.Secrets;
import org.hearthgate.relay.access.SessionTokens;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.devices.DeviceStates;
import org.hearthgate.relay.directory.Account;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.directory.Role;
import org.hearthgate.relay.directory.Sees;
import org.hearthgate.relay.ingest.HubRegistry;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.hearthgate.relay.store.RelayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's own routes over HTTP: the queue names residents (for those who may see them), the first claim wins
 * and the second is told who has it, resolving needs an outcome, the health overview is for the care team, and the
 * family view shows a relative and nobody else.
 */
class ConsoleApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId ACME = TenantId.of("acme");
    private static final String PW = "a long demo password";
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newHttpClient();
    /** How often the directory was asked about a resident: the queue must not ask once per alarm. */
    private final AtomicInteger residentLookups = new AtomicInteger();
    @TempDir
    Path dir;
    private JdbcRelayStore store;
    private Database db;
    private ConsoleServer console;
    private SqlAuditTrail audit;
    private String base;

    private final CareDirectory directory = new CareDirectory() {
        @Override
        public Optional<Resident> resident(TenantId tenant, ResidentId id) {
            residentLookups.incrementAndGet();
            if (!tenant.equals(ACME)) {
                return Optional.empty();
            }
            return switch (id.value()) {
                case "res-a" -> Optional.of(person(id, "Margaret", "Jones", "Peggy", "Ashby"));
                case "res-b" -> Optional.of(person(id, "William", "Hart", null, "Bolton"));
                default -> Optional.empty();
            };
        }

        @Override
        public List<CircleMember> circle(TenantId tenant, ResidentId resident) {
            return resident.value().equals("res-a") ? List.of(new CircleMember("c-sam", "Sam Jones", "Mum",
                    CircleRole.FAMILY, 1, List.of(), null, Sees.STATUS, "sam")) : List.of();
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

    private static Resident person(ResidentId id, String given, String family, String preferred, String town) {
        return new Resident(ACME, id, given, family, preferred, LocalDate.of(1938, 5, 1),
                new Resident.Address(List.of("1 High Street"), town, "AB1 2CD"), null, null, null, null, null);
    }

    @BeforeEach
    void start() {
        db = Database.open(dir.resolve("relay.db").toString());
        store = new JdbcRelayStore(db);
        audit = new SqlAuditTrail(db, clock);
        Users users = new Users(clock);
        users.useTokens(new SessionTokens(new Secrets(db, clock).secret("session-signing-key"), new Secrets(db, clock),
                clock));
        users.addWithPassword("sam", ACME, Role.FAMILY, PW.toCharArray());
        users.addWithPassword("ana", ACME, Role.RESPONDER, PW.toCharArray());
        users.addWithPassword("ben", ACME, Role.RESPONDER, PW.toCharArray());
        console = new ConsoleServer(store, new HubRegistry(store, clock), (t, h, b) -> true, users, () -> null, clock,
                new ConsoleServer.Access(directory, audit));
        console.useDatabase(db);
        base = "http://127.0.0.1:" + console.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        console.close();
        store.close();
        db.close();
    }

    private void raise(String hub, String resident, String alarm) {
        Instant now = Instant.now();
        Message m = new Message(1, MessageId.random(), HubId.of(hub), 1, now, new AlarmRaised(
                AlarmId.of(alarm), ResidentId.of(resident), EventCode.PERSONAL_TRIGGER, Priority.CRITICAL,
                "PERSONAL_TRIGGER/p", DeviceId.of("pendant-1"), "pendant pressed",
                new PendantPress(DeviceId.of("pendant-1"), now)));
        store.ingest(ACME, m, now);
        new DeviceStates(db).record(List.of(new RelayStore.Inbound(ACME, m, now))); // as the ingest's observer
    }

    private String login(String user) throws Exception {
        return new ConsoleHttp(base, http).login(user, PW);
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        return new ConsoleHttp(base, http).get(token, path);
    }

    private HttpResponse<String> post(String token, String path, String body) throws Exception {
        return new ConsoleHttp(base, http).post(token, path, body);
    }

    @Test
    void theQueueNamesEachResidentWithTheirTownAsksTheDirectoryOncePerResidentAndPages() throws Exception {
        for (int i = 0; i < 30; i++) {
            raise(i % 2 == 0 ? "hub-a" : "hub-b", i % 2 == 0 ? "res-a" : "res-b", "alarm-" + i);
        }
        String ana = login("ana");
        HttpResponse<String> r = get(ana, "/api/alarms");
        JsonNode queue = JSON.readTree(r.body());
        assertThat(queue).hasSize(30);
        JsonNode a0 = queue.findParents("id").stream().filter(n -> n.get("id").asText().equals("alarm-0"))
                .findFirst().orElseThrow();
        assertThat(a0.get("residentName").asText()).isEqualTo("Peggy Jones");
        assertThat(a0.get("town").asText()).isEqualTo("Ashby");
        assertThat(residentLookups.get()).as("one directory read per resident, then the cache").isEqualTo(2);
        get(ana, "/api/alarms");
        assertThat(residentLookups.get()).isEqualTo(2);

        HttpResponse<String> page = get(ana, "/api/alarms?limit=10");
        assertThat(JSON.readTree(page.body())).hasSize(10);
        assertThat(page.headers().firstValue("x-total-count")).contains("30");
        assertThat(get(ana, "/api/alarms?limit=ten").statusCode()).isEqualTo(400);

        // A family member's queue carries their relative only: no name of anyone else ever leaves the server.
        String sam = login("sam");
        String samsQueue = get(sam, "/api/alarms").body();
        assertThat(JSON.readTree(samsQueue).findValuesAsText("resident")).containsOnly("res-a");
        assertThat(samsQueue).doesNotContain("Hart", "Bolton");
    }

    @Test
    void theFirstClaimWinsTheSecondIsToldWhoHasItAndResolvingNeedsAnOutcome() throws Exception {
        raise("hub-a", "res-a", "alarm-1");
        String ana = login("ana");
        String ben = login("ben");
        HttpResponse<String> first = post(ana, "/api/alarms/alarm-1/claim", "{}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).get("claimedBy").asText()).isEqualTo("ana");
        HttpResponse<String> second = post(ben, "/api/alarms/alarm-1/claim", "{}");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(second.body()).get("claimedBy").asText()).isEqualTo("ana");
        assertThat(JSON.readTree(second.body()).get("error").asText()).contains("ana");
        assertThat(post(ana, "/api/alarms/alarm-1/claim", "{}").statusCode()).as("her own again").isEqualTo(200);
        assertThat(JSON.readTree(get(ben, "/api/alarms").body()).get(0).get("claimedBy").asText()).isEqualTo("ana");
        assertThat(post(login("sam"), "/api/alarms/alarm-1/claim", "{}").statusCode()).isEqualTo(403);
        assertThat(post(ana, "/api/alarms/no-such/claim", "{}").statusCode()).isEqualTo(404);

        assertThat(post(ana, "/api/alarms/alarm-1/ack", "{}").statusCode()).isEqualTo(200);
        assertThat(post(ana, "/api/alarms/alarm-1/resolve", "{\"note\":\"fine\"}").statusCode())
                .as("no outcome").isEqualTo(400);
        assertThat(post(ana, "/api/alarms/alarm-1/resolve", "{\"outcome\":\"MAYBE\"}").statusCode())
                .as("not on the list").isEqualTo(400);
        HttpResponse<String> resolved = post(ana, "/api/alarms/alarm-1/resolve",
                "{\"outcome\":\"RESIDENT_OK_AFTER_CALL\",\"note\":\"spoke to her, she is fine\"}");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(JSON.readTree(resolved.body()).get("state").asText()).isEqualTo("RESOLVED");
        assertThat(post(ben, "/api/alarms/alarm-1/claim", "{}").statusCode()).as("closed").isEqualTo(409);
        assertThat(new Claims(db).of(ACME)).as("resolving releases the claim").isEmpty();
        assertThat(audit.about(ACME, ResidentId.of("res-a"), 20)).extracting(SqlAuditTrail.Entry::action)
                .contains("alarm.claim", "alarm.resolve");
    }

    @Test
    void theHealthOverviewIsForTheCareTeamWithResidentsNamed() throws Exception {
        raise("hub-a", "res-a", "alarm-1");
        raise("hub-b", "res-b", "alarm-2");
        HttpResponse<String> r = get(login("ana"), "/api/health");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode hubs = JSON.readTree(r.body());
        assertThat(hubs.findValuesAsText("hub")).containsExactlyInAnyOrder("hub-a", "hub-b");
        assertThat(hubs.findValuesAsText("residentName")).containsExactlyInAnyOrder("Peggy Jones", "William Hart");
        assertThat(get(login("sam"), "/api/health").statusCode()).isEqualTo(403);
    }

    @Test
    void theHealthOverviewListsDevicesWorstFirstOnePageAtATimeAndEachResidentsOwnForTheCard() throws Exception {
        raise("hub-a", "res-a", "alarm-1");
        raise("hub-b", "res-b", "alarm-2");
        // What the ingest's observer does with a stored batch: William's pendant reports a flat battery.
        Instant now = Instant.now();
        List<RelayStore.Inbound> batch = List.of(new RelayStore.Inbound(ACME, Message.of(HubId.of("hub-b"), 2, now,
                new Reading(ResidentId.of("res-b"), new BatteryLevel(DeviceId.of("pendant-1"), now,
                        Quantity.of(8, Ucum.PERCENT)), now)), now));
        store.ingest(batch);
        new DeviceStates(db).record(batch);
        String ana = login("ana");

        HttpResponse<String> r = get(ana, "/api/health");
        JsonNode hubs = JSON.readTree(r.body());
        assertThat(hubs).extracting(h -> h.get("hub").asText()).containsExactly("hub-b", "hub-a");
        assertThat(hubs.get(0).get("status").asText()).isEqualTo("LOW_BATTERY");
        JsonNode pendant = hubs.get(0).get("devices").get(0);
        assertThat(pendant.get("device").asText()).isEqualTo("pendant-1");
        assertThat(pendant.get("kind").asText()).isEqualTo("pendantPress");
        assertThat(pendant.get("battery").asDouble()).isEqualTo(8.0);
        assertThat(pendant.get("state").asText()).isEqualTo("LOW_BATTERY");
        assertThat(hubs.get(1).get("status").asText()).isEqualTo("OK");
        assertThat(hubs.get(1).get("devices").get(0).get("state").asText()).isEqualTo("OK");
        assertThat(r.headers().firstValue("x-total-count")).contains("2");

        HttpResponse<String> second = get(ana, "/api/health?limit=1&offset=1");
        assertThat(JSON.readTree(second.body())).extracting(h -> h.get("hub").asText()).containsExactly("hub-a");
        assertThat(second.headers().firstValue("x-total-count")).contains("2");
        assertThat(get(ana, "/api/health?limit=many").statusCode()).isEqualTo(400);

        // The card asks for one resident's hub; a family member may not, even for their own relative
        assertThat(JSON.readTree(get(ana, "/api/health?resident=res-a").body())).extracting(h -> h.get("hub")
                .asText()).containsExactly("hub-a");
        assertThat(get(login("sam"), "/api/health?resident=res-a").statusCode()).isEqualTo(403);
    }

    @Test
    void aFamilyMemberSeesTheirRelativeOnlyAndStaffHaveNoFamilyView() throws Exception {
        raise("hub-a", "res-a", "alarm-a");
        raise("hub-b", "res-b", "alarm-b");
        String sam = login("sam");
        HttpResponse<String> r = get(sam, "/api/family");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode relatives = JSON.readTree(r.body()).get("relatives");
        assertThat(relatives).hasSize(1);
        assertThat(relatives.get(0).get("name").asText()).isEqualTo("Peggy");
        assertThat(relatives.get(0).get("sees").asText()).isEqualTo("STATUS");
        assertThat(relatives.get(0).get("hub").get("online").asBoolean()).isTrue();
        assertThat(relatives.get(0).get("alerts").findValuesAsText("id")).containsExactly("alarm-a");
        assertThat(r.body()).doesNotContain("res-b", "alarm-b", "William", "Hart", "Jones");
        assertThat(get(login("ana"), "/api/family").statusCode()).isEqualTo(403);
        assertThat(audit.about(ACME, ResidentId.of("res-a"), 5)).extracting(SqlAuditTrail.Entry::action)
                .contains("family.view");
    }

    @Test
    void thePageAndItsFilesAreServedAndNothingElseIs() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> uplot = http.send(HttpRequest.newBuilder(URI.create(base
                + "/console/vendor/uplot/uPlot.iife.min.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("content-type").orElseThrow()).startsWith("text/javascript");
        for (String bad : List.of("/console/index.html", "/console/nothing.js",
                "/console/vendor/uplot/LICENSE", "/console/app.js%00.txt")) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + bad)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(bad).isEqualTo(404);
        }
    }
}
