package org.hearthgate.relay.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hearthgate.relay.directory.Sample.TENANT;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The directory store, on SQLite and on a real PostgreSQL. */
class SqlCareDirectoryIT {
    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-12-01T10:00:00Z");

    @BeforeAll
    static void startPostgres() {
        Databases.start();
    }

    @AfterAll
    static void stopPostgres() {
        Databases.stop();
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void aResidentComesBackAsWrittenWithTheNhsNumberAsDigits(String dialect) {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory d = Sample.withTenant(new SqlCareDirectory(db, clock));
            assertThat(d.putResident(Sample.resident("res-1", "Margaret", "943 476 5919"))).isEqualTo(Change.CREATED);

            Resident back = d.resident(TENANT, ResidentId.of("res-1")).orElseThrow();
            assertThat(back.nhsNumber()).isEqualTo("9434765919");
            assertThat(back.nhsVerification()).as("present, not yet traced").isEqualTo("02");
            assertThat(back.safety().keySafeCode()).isEqualTo("4721");
            assertThat(back.safety().dnacpr()).isTrue();
            assertThat(back.safety().languages()).containsExactly("en", "cy");
            assertThat(back.address().lines()).containsExactly("12 Mill Lane");
            assertThat(back.birthDate()).hasToString("1938-04-12");
            assertThat(d.putResident(back)).as("the same again").isEqualTo(Change.UNCHANGED);
            assertThat(d.putResident(Sample.resident("res-1", "Margaret", "9434765919")))
                    .as("typed differently, the same number").isEqualTo(Change.UNCHANGED);
            assertThat(d.putResident(Sample.resident("res-1", "Peggy", "9434765919"))).isEqualTo(Change.UPDATED);
            assertThat(d.resident(TENANT, ResidentId.of("res-1")).orElseThrow().givenName()).isEqualTo("Peggy");
            assertThat(d.resident(TenantId.of("other"), ResidentId.of("res-1"))).as("another tenant's").isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void badResidentsAreRefusedNamingTheField(String dialect) {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory d = Sample.withTenant(new SqlCareDirectory(db, clock));
            assertThatThrownBy(() -> d.putResident(Sample.resident("res-1", "Margaret", "9434765918")))
                    .hasMessage("nhsNumber: 9434765918 fails the Modulus 11 check");
            assertThatThrownBy(() -> d.putResident(Sample.resident("res-1", " ", null)))
                    .hasMessage("givenName: is required");
            d.putResident(Sample.resident("res-1", "Margaret", "9434765919"));
            assertThatThrownBy(() -> d.putResident(Sample.resident("res-2", "Ann", "943 476 5919")))
                    .hasMessage("nhsNumber: already the NHS number of resident res-1");
            assertThatThrownBy(() -> d.putResident(new Resident(TenantId.of("nowhere"), ResidentId.of("res-9"), "A",
                    "B", null, null, null, null, null, null, null, null))).hasMessage("tenant: no tenant nowhere");
            assertThat(d.residents(TENANT)).extracting(r -> r.id().value()).containsExactly("res-1");
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void aHubMovesBetweenResidentsWithHistoryAndIsRegisteredForIngest(String dialect) {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory d = Sample.withTenant(new SqlCareDirectory(db, clock));
            d.putResident(Sample.resident("res-1", "Margaret", null));
            d.putResident(Sample.resident("res-2", "Arthur", null));
            Instant first = clock.instant();
            assertThat(d.putHub(Sample.hub("hub-1", "res-1"))).isEqualTo(Change.CREATED);
            clock.advance(Duration.ofDays(30));
            assertThat(d.putHub(Sample.hub("hub-1", "res-1"))).isEqualTo(Change.UNCHANGED);
            Instant moved = clock.instant();
            assertThat(d.putHub(Sample.hub("hub-1", "res-2"))).isEqualTo(Change.UPDATED);
            clock.advance(Duration.ofDays(1));
            d.putHub(Sample.hub("hub-1", "res-2"));

            HubId hub = HubId.of("hub-1");
            assertThat(d.residentOfHub(TENANT, hub)).contains(ResidentId.of("res-2"));
            assertThat(d.hubHistory(TENANT, hub)).containsExactly(
                    new HubAssignment(hub, ResidentId.of("res-1"), first, moved),
                    new HubAssignment(hub, ResidentId.of("res-2"), moved, null));
            assertThat(registrations(db)).containsExactly("acme/hub-1 CONFIRMED " + first.toEpochMilli());

            d.putHub(Sample.hub("hub-1", null));
            assertThat(d.residentOfHub(TENANT, hub)).as("back in stock").isEmpty();
            assertThat(d.hubHistory(TENANT, hub)).hasSize(2).allMatch(a -> a.to() != null);
            assertThatThrownBy(() -> d.putHub(Sample.hub("hub-2", "res-404")))
                    .hasMessage("resident: no resident res-404 in tenant acme");
            assertThat(d.hub(TENANT, HubId.of("hub-2"))).as("nothing of the refused hub").isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void aHubThatSpokeUnregisteredIsConfirmedWhenTheDirectoryRegistersIt(String dialect) {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            db.inTransaction(c -> c.createStatement().executeUpdate(
                    "INSERT INTO registrations(tenant, hub, state, since) VALUES('acme', 'hub-1', 'PENDING', 5)"));
            SqlCareDirectory d = Sample.withTenant(new SqlCareDirectory(db, clock));
            d.putHub(Sample.hub("hub-1", null));
            assertThat(registrations(db)).containsExactly("acme/hub-1 CONFIRMED " + clock.millis());

            db.inTransaction(c -> c.createStatement().executeUpdate("UPDATE registrations SET state = 'PENDING'"));
            clock.advance(Duration.ofMinutes(1));
            assertThat(d.putHub(Sample.hub("hub-1", null))).isEqualTo(Change.UNCHANGED);
            assertThat(registrations(db)).as("a directory hub is always a confirmed one")
                    .containsExactly("acme/hub-1 CONFIRMED " + clock.millis());
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void theCircleComesByRoleThenPreferenceAndNamesTheFamilysLogin(String dialect) {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory d = Sample.withTenant(new SqlCareDirectory(db, clock));
            d.putResident(Sample.resident("res-1", "Margaret", null));
            d.putResident(Sample.resident("res-2", "Arthur", null));
            for (String id : List.of("team", "sam", "jo", "dr-lee", "neighbour")) {
                d.putContact(TENANT, Sample.contact(id, id.toUpperCase()));
            }
            List<CircleEntry> circle = List.of(
                    new CircleEntry("neighbour", CircleRole.NEIGHBOUR, 1, Sees.ALERTS, null),
                    new CircleEntry("jo", CircleRole.FAMILY, 2, Sees.STATUS, "Mum"),
                    new CircleEntry("sam", CircleRole.FAMILY, 1, Sees.TRENDS, "Mum"),
                    new CircleEntry("dr-lee", CircleRole.CLINICIAN, 1, Sees.TRENDS, null),
                    new CircleEntry("team", CircleRole.RESPONDER, 1, Sees.TRENDS, null));
            assertThat(d.putCircle(TENANT, ResidentId.of("res-1"), circle)).isEqualTo(Change.CREATED);
            assertThat(d.putCircle(TENANT, ResidentId.of("res-1"), circle.reversed())).isEqualTo(Change.UNCHANGED);
            d.putCircle(TENANT, ResidentId.of("res-2"), List.of(
                    new CircleEntry("team", CircleRole.RESPONDER, 1, Sees.TRENDS, null),
                    new CircleEntry("neighbour", CircleRole.NEIGHBOUR, 1, Sees.ALERTS, "Arthur")));
            d.putAccount(new Account("sam", TENANT, Role.FAMILY, Sample.PBKDF2, null, "sam", false));
            d.putAccount(new Account("pat", TENANT, Role.NEIGHBOUR, Sample.PBKDF2, null, "neighbour", false));
            d.putAccount(new Account("jo", TENANT, Role.FAMILY, Sample.PBKDF2, null, "jo", true));

            List<CircleMember> members = d.circle(TENANT, ResidentId.of("res-1"));
            assertThat(members).extracting(CircleMember::contactId)
                    .containsExactly("team", "dr-lee", "sam", "jo", "neighbour");
            CircleMember sam = members.get(2);
            assertThat(sam.residentCalled()).isEqualTo("Mum");
            assertThat(sam.login()).isEqualTo("sam");
            assertThat(sam.sees()).isEqualTo(Sees.TRENDS);
            assertThat(sam.channels()).extracting(ContactPoint::address)
                    .containsExactly("+447700900123", "sam@example.org");
            assertThat(sam.quiet().covers(java.time.LocalTime.of(23, 30))).isTrue();
            assertThat(members.get(3).login()).as("a disabled account is nobody's login").isNull();

            assertThat(d.residentsNaming(TENANT, "sam")).containsExactly(ResidentId.of("res-1"));
            assertThat(d.residentsNaming(TENANT, "pat"))
                    .containsExactlyInAnyOrder(ResidentId.of("res-1"), ResidentId.of("res-2"));
            assertThat(d.residentsNaming(TENANT, "jo")).as("disabled").isEmpty();
            assertThat(d.residentsNaming(TenantId.of("other"), "sam")).as("another tenant").isEmpty();

            d.putCircle(TENANT, ResidentId.of("res-1"), List.of(circle.get(4)));
            assertThat(d.residentsNaming(TENANT, "sam")).as("taken out of the circle").isEmpty();
            assertThatThrownBy(() -> d.putCircle(TENANT, ResidentId.of("res-1"),
                    List.of(new CircleEntry("nobody", CircleRole.FAMILY, 1, null, null))))
                    .hasMessage("contact: no contact nobody in tenant acme");
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void accountsAndDevicesAreKeptAndCheckedForTheirTenant(String dialect) {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory d = Sample.withTenant(new SqlCareDirectory(db, clock));
            d.putTenant(new Tenant(TenantId.of("other"), "Other Council"));
            Account admin = new Account("admin", TENANT, Role.ADMIN, Sample.PBKDF2, "JBSWY3DPEHPK3PXPJBSWY3DP", null,
                    false);
            assertThat(d.putAccount(admin)).isEqualTo(Change.CREATED);
            assertThat(d.putAccount(admin)).isEqualTo(Change.UNCHANGED);
            assertThat(d.account("admin")).contains(admin);
            assertThatThrownBy(() -> d.putAccount(new Account("admin", TenantId.of("other"), Role.ADMIN,
                    Sample.PBKDF2, null, null, false))).hasMessage("login: 'admin' is taken");
            assertThatThrownBy(() -> d.putAccount(new Account("kim", TENANT, Role.FAMILY, Sample.PBKDF2, null, null,
                    false))).hasMessageStartingWith("contact: a FAMILY account must name its contact");
            assertThatThrownBy(() -> d.putAccount(new Account("kim", TENANT, Role.ADMIN, "hunter2", null, null,
                    false))).hasMessageStartingWith("passwordHash: not a pbkdf2 hash");

            d.putHub(Sample.hub("hub-1", null));
            Device pendant = new Device(HubId.of("hub-1"), org.hearthgate.contract.DeviceId.of("pendant-1"),
                    "pendant", "Tunstall MyAmie");
            assertThat(d.putDevice(TENANT, pendant)).isEqualTo(Change.CREATED);
            assertThat(d.putDevice(TENANT, pendant)).isEqualTo(Change.UNCHANGED);
            assertThat(d.devices(TENANT, HubId.of("hub-1"))).containsExactly(pendant);
            assertThatThrownBy(() -> d.putDevice(TenantId.of("other"), pendant))
                    .hasMessage("hub: no hub hub-1 in tenant other");
        }
    }

    private static List<String> registrations(Database db) {
        return db.read(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (var rs = c.createStatement().executeQuery(
                    "SELECT tenant, hub, state, since FROM registrations ORDER BY tenant, hub")) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "/" + rs.getString(2) + " " + rs.getString(3) + " " + rs.getLong(4));
                }
            }
            return out;
        });
    }
}
