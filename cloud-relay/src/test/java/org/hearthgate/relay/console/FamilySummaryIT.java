package org.hearthgate.relay.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.Occupancy;
import org.hearthgate.contract.obs.Place;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.access.Secrets;
import org.hearthgate.relay.access.SessionTokens;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.careplans.CarePlans;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.TestDatabases;
import org.hearthgate.relay.directory.Account;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.directory.Role;
import org.hearthgate.relay.directory.Sees;
import org.hearthgate.relay.ingest.HubRegistry;
import org.hearthgate.relay.readings.SqlReadingStore;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.hearthgate.relay.store.RelayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The family view's summary, on SQLite and on a real PostgreSQL: last activity (time and room) for a contact who
 * sees status, the week's home blood pressure against the plan's NICE target (135/85) for one who sees trends, and
 * nothing of either for a contact who sees alerts only.
 */
class FamilySummaryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId ACME = TenantId.of("acme");
    private static final ResidentId ANN = ResidentId.of("res-ann");
    private static final ResidentId BOB = ResidentId.of("res-bob");
    private static final ResidentId CAT = ResidentId.of("res-cat");
    private static final String PW = "a long demo password";
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private final Clock clock = Clock.systemUTC();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final HttpClient http = HttpClient.newHttpClient();
    private Database db;
    private JdbcRelayStore store;
    private ConsoleServer console;
    private String base;

    /** Ann: sam sees trends, nia status, ola alerts. Bob: kim sees trends. Cat: lou sees trends. */
    private final CareDirectory directory = new CareDirectory() {
        @Override
        public Optional<Resident> resident(TenantId tenant, ResidentId id) {
            String name = id.equals(ANN) ? "Ann" : id.equals(BOB) ? "Bob" : "Cat";
            return Optional.of(new Resident(ACME, id, name, "Lee", null, null, null, null, null, null, null, null));
        }

        @Override
        public List<CircleMember> circle(TenantId tenant, ResidentId resident) {
            if (resident.equals(ANN)) {
                return List.of(member("sam", Sees.TRENDS), member("nia", Sees.STATUS), member("ola", Sees.ALERTS));
            }
            return List.of(member(resident.equals(BOB) ? "kim" : "lou", Sees.TRENDS));
        }

        private CircleMember member(String login, Sees sees) {
            return new CircleMember("c-" + login, login, "Mum", CircleRole.FAMILY, 1, List.of(), null, sees, login);
        }

        @Override
        public Set<ResidentId> residentsNaming(TenantId tenant, String login) {
            return switch (login) {
                case "sam", "nia", "ola" -> Set.of(ANN);
                case "kim" -> Set.of(BOB);
                case "lou" -> Set.of(CAT);
                default -> Set.of();
            };
        }

        @Override
        public Optional<Account> account(String login) {
            return Optional.empty();
        }

        @Override
        public Optional<ResidentId> residentOfHub(TenantId tenant, HubId hub) {
            return Optional.empty();
        }
    };

    private void start(String kind) {
        db = databases.open(kind);
        store = new JdbcRelayStore(db);
        Users users = new Users(clock);
        Secrets secrets = new Secrets(db, clock);
        users.useTokens(new SessionTokens(secrets.secret("session-signing-key"), secrets, clock));
        for (String login : List.of("sam", "nia", "ola", "kim", "lou")) {
            users.addWithPassword(login, ACME, Role.FAMILY, PW.toCharArray());
        }
        console = new ConsoleServer(store, new HubRegistry(store, clock), (t, h, b) -> true, users, () -> null, clock,
                new ConsoleServer.Access(directory, new SqlAuditTrail(db, clock)));
        console.familySources(new SqlReadingStore(db.dataSource()), CarePlans.defaults());
        base = "http://127.0.0.1:" + console.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        console.close();
        store.close();
        db.close();
    }

    private void readings(ResidentId resident, Observation... observations) {
        List<RelayStore.Inbound> batch = new ArrayList<>();
        for (Observation o : observations) {
            batch.add(new RelayStore.Inbound(ACME, new Message(1, MessageId.random(), HubId.of("hub-" + resident.value()),
                    1, o.at(), new Reading(resident, o, o.at())), o.at().plusSeconds(1)));
        }
        assertThat(store.ingest(batch)).allMatch(r -> r instanceof RelayStore.Result.Stored);
    }

    private static BloodPressure bp(Instant at, double sys, double dia) {
        return new BloodPressure(DeviceId.of("cuff-1"), at, Quantity.of(sys, Ucum.MM_HG), Quantity.of(dia, Ucum.MM_HG),
                null, null, null, Set.of());
    }

    private Instant ago(Duration d) {
        return now.minus(d);
    }

    private JsonNode relative(String login) throws Exception {
        ConsoleHttp api = new ConsoleHttp(base, http);
        HttpResponse<String> family = api.get(api.login(login, PW), "/api/family");
        assertThat(family.statusCode()).as(family.body()).isEqualTo(200);
        return JSON.readTree(family.body()).at("/relatives/0");
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void theSummarySaysWhereAndWhenTheyWereLastActiveAndHowTheWeeksBloodPressureCompares(String kind)
            throws Exception {
        start(kind);
        readings(ANN, bp(ago(Duration.ofDays(8)), 178, 102), // last week's: not this week's
                bp(ago(Duration.ofDays(6)), 128, 80), bp(ago(Duration.ofDays(4)), 131, 82),
                bp(ago(Duration.ofDays(2)), 126, 79), bp(ago(Duration.ofHours(20)), 133, 84),
                new Occupancy(DeviceId.of("pad-1"), ago(Duration.ofHours(9)), Place.BED, "bedroom", false),
                new Motion(DeviceId.of("pir-k"), ago(Duration.ofMinutes(95)), "kitchen", true),
                // a device with its clock ahead: not "later" than now
                new Motion(DeviceId.of("pir-g"), now.plus(Duration.ofHours(2)), "garage", true));
        readings(BOB, bp(ago(Duration.ofDays(5)), 131, 88), bp(ago(Duration.ofDays(3)), 133, 87),
                bp(ago(Duration.ofDays(1)), 129, 86), // systolic within, diastolic ≥ 85 on average: above
                new Occupancy(DeviceId.of("pad-2"), ago(Duration.ofHours(1)), Place.CHAIR, null, true));

        JsonNode sam = relative("sam");
        assertThat(sam.at("/bloodPressure/verdict").asText()).isEqualTo("WITHIN");
        assertThat(sam.at("/bloodPressure/readings").asLong()).isEqualTo(4);
        assertThat(sam.at("/bloodPressure/systolic").asDouble()).isEqualTo(129.5);
        assertThat(sam.at("/bloodPressure/targetSystolic").asDouble()).isEqualTo(135);
        assertThat(sam.at("/bloodPressure/targetDiastolic").asDouble()).isEqualTo(85);
        assertThat(sam.at("/activity/room").asText()).isEqualTo("kitchen");
        assertThat(sam.at("/activity/kind").asText()).isEqualTo("motion");
        assertThat(sam.at("/activity/at").asLong()).isEqualTo(ago(Duration.ofMinutes(95)).toEpochMilli());

        JsonNode kim = relative("kim");
        assertThat(kim.at("/bloodPressure/verdict").asText()).isEqualTo("ABOVE");
        assertThat(kim.at("/activity/room").asText()).as("a pressure pad: where it lies").isEqualTo("chair");

        JsonNode lou = relative("lou");
        assertThat(lou.at("/bloodPressure/verdict").asText()).isEqualTo("NO_READINGS");
        assertThat(lou.has("activity")).as("nothing seen yet").isFalse();

        JsonNode nia = relative("nia");
        assertThat(nia.at("/activity/room").asText()).as("status: last activity").isEqualTo("kitchen");
        assertThat(nia.has("bloodPressure")).as("status does not share trends").isFalse();

        JsonNode ola = relative("ola");
        assertThat(ola.has("activity")).as("alerts only").isFalse();
        assertThat(ola.has("bloodPressure")).isFalse();
    }
}
