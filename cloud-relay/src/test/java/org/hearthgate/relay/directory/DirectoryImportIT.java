package org.hearthgate.relay.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code admin import} of docs/examples/directory.yaml, on SQLite and on a real PostgreSQL. */
class DirectoryImportIT {
    static final Path SAMPLE = Path.of("..", "docs", "examples", "directory.yaml");
    private static final TenantId DEMO = TenantId.of("demo");
    private static final List<String> TABLES = List.of("tenants", "residents", "registered_hubs", "hub_assignments",
            "devices", "contacts", "contact_channels", "circle_members", "accounts", "registrations");

    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-12-01T10:00:00Z");
    private final List<String> audit = new ArrayList<>();

    @BeforeAll
    static void startPostgres() {
        Databases.start();
    }

    @AfterAll
    static void stopPostgres() {
        Databases.stop();
    }

    private DirectoryImport importer(SqlCareDirectory d) {
        return new DirectoryImport(d, (Caller who, String action, ResidentId r, String detail) ->
                audit.add(who.login() + " " + action + " " + r));
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void theSampleImportedTwiceGivesTheSameState(String dialect) throws Exception {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            // Sealed key-safe codes: each seal is a fresh ciphertext, so "unchanged" must be decided on plaintext.
            SqlCareDirectory d = new SqlCareDirectory(db, clock, SealedKeySafeIT.key(1));
            DirectoryImport.Result first = importer(d).importFile(SAMPLE, "ops");
            assertThat(DirectoryImport.summary(first.counts())).isEqualTo("tenant: 1 created, 0 updated, 0 unchanged; "
                    + "contacts: 7 created, 0 updated, 0 unchanged; residents: 3 created, 0 updated, 0 unchanged; "
                    + "circles: 3 created, 0 updated, 0 unchanged; hubs: 5 created, 0 updated, 0 unchanged; "
                    + "devices: 10 created, 0 updated, 0 unchanged; accounts: 4 created, 0 updated, 0 unchanged");
            assertThat(audit).contains("ops resident.import res-demo", "ops directory.import null");
            List<String> after = snapshot(db);
            int audited = audit.size();

            clock.advance(Duration.ofHours(1)); // any rewrite would show in updated_at or a new history row
            DirectoryImport.Result second = importer(d).importFile(SAMPLE, "ops");
            assertThat(second.changed()).isZero();
            assertThat(snapshot(db)).isEqualTo(after);
            assertThat(audit).as("nothing changed, nothing to audit").hasSize(audited);

            // what the sample says, read back through the directory
            Resident peggy = d.resident(DEMO, ResidentId.of("res-demo")).orElseThrow();
            assertThat(peggy.calledName()).isEqualTo("Peggy");
            assertThat(peggy.nhsNumber()).isEqualTo("9990000018");
            assertThat(peggy.safety().keySafeCode()).isEqualTo("4721");
            assertThat(SealedKeySafeIT.column(db, ResidentId.of("res-demo"))).startsWith("hgenc1:")
                    .doesNotContain("4721");
            assertThat(d.circle(DEMO, ResidentId.of("res-demo"))).extracting(CircleMember::role).containsExactly(
                    CircleRole.RESPONDER, CircleRole.ON_CALL, CircleRole.CLINICIAN, CircleRole.FAMILY,
                    CircleRole.NEIGHBOUR);
            assertThat(d.residentsNaming(DEMO, "sam")).containsExactly(ResidentId.of("res-demo"));
            assertThat(d.residentsNaming(DEMO, "dr.okafor"))
                    .containsExactlyInAnyOrder(ResidentId.of("res-demo"), ResidentId.of("res-7f3a"));
            assertThat(d.residentOfHub(DEMO, HubId.of("hub-sim"))).contains(ResidentId.of("res-sim"));
            assertThat(count(db, "registrations WHERE state = 'CONFIRMED'")).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void aFileWithOneBadNhsNumberIsRejectedWholeNamingTheRow(String dialect) throws Exception {
        String bad = Files.readString(SAMPLE).replace("nhsNumber: 999 000 0034", "nhsNumber: 999 000 0035");
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory d = new SqlCareDirectory(db, clock);
            List<String> empty = snapshot(db);
            DirectoryImport.Rejected e = catchThrowableOfType(DirectoryImport.Rejected.class,
                    () -> importer(d).importYaml(bad, "ops"));
            assertThat(e.errors()).containsExactly("residents[2].nhsNumber: 9990000035 fails the Modulus 11 check");
            assertThat(snapshot(db)).as("nothing written").isEqualTo(empty);

            importer(d).importFile(SAMPLE, "ops");
            List<String> imported = snapshot(db);
            clock.advance(Duration.ofHours(1));
            String alsoRenamed = bad.replace("givenName: Margaret", "givenName: Peg");
            catchThrowableOfType(DirectoryImport.Rejected.class, () -> importer(d).importYaml(alsoRenamed, "ops"));
            assertThat(snapshot(db)).as("the good rows of a bad file are not written either").isEqualTo(imported);
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void everyBadValueIsNamedAndARowTheDatabaseRefusesRollsTheFileBack(String dialect) throws Exception {
        String sample = Files.readString(SAMPLE);
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory d = new SqlCareDirectory(db, clock);
            String several = sample.replace("birthDate: 1941-11-03", "birthDate: 3 Nov 1941")
                    .replace("{contact: dev-patel,", "{contact: dev-patle,")
                    .replace("resident: res-7f3a", "resident: res-7f3b")
                    .replace("address: \"+447700900456\"", "address: \"call Ruth\"");
            assertThat(catchThrowableOfType(DirectoryImport.Rejected.class,
                    () -> importer(d).importYaml(several, "ops")).errors()).containsExactly(
                    "contacts[4].channels[0].address: 'call Ruth' is not a telephone number",
                    "residents[1].birthDate: '3 Nov 1941' is not a date (YYYY-MM-DD)",
                    "residents[2].circle[3].contact: dev-patle is not among the file's contacts",
                    "hubs[2].resident: res-7f3b is not among the file's residents");
            assertThat(catchThrowableOfType(DirectoryImport.Rejected.class, () -> importer(d).importYaml(
                    sample.replace("keySafeCode: \"4721\"", "keySafe: \"4721\""), "ops")).errors())
                    .singleElement().asString().startsWith("residents[0].safety.keySafe: unknown key");

            // "admin" is another tenant's login already: the database says so halfway through the file
            d.putTenant(new Tenant(TenantId.of("other"), "Other"));
            d.putAccount(new Account("admin", TenantId.of("other"), Role.ADMIN, Sample.PBKDF2, null, null, false));
            List<String> before = snapshot(db);
            assertThat(catchThrowableOfType(DirectoryImport.Rejected.class,
                    () -> importer(d).importFile(SAMPLE, "ops")).errors())
                    .containsExactly("accounts[0].login: 'admin' is taken");
            assertThat(snapshot(db)).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void anEditedFileMovesAHubWithOneHistoryRow(String dialect) throws Exception {
        String sample = Files.readString(SAMPLE);
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory d = new SqlCareDirectory(db, clock);
            importer(d).importFile(SAMPLE, "ops");
            clock.advance(Duration.ofDays(7));
            String moved = sample.replace("resident: res-7f3a", "resident: res-sim");
            DirectoryImport.Result r = importer(d).importYaml(moved, "ops");
            assertThat(DirectoryImport.summary(r.counts())).contains("hubs: 0 created, 1 updated, 4 unchanged");
            importer(d).importYaml(moved, "ops");
            assertThat(d.hubHistory(DEMO, HubId.of("hub-0003"))).extracting(a -> a.resident().value())
                    .containsExactly("res-7f3a", "res-sim");
        }
    }

    /** Every row of every directory table, in a stable order. */
    static List<String> snapshot(Database db) {
        return db.read(c -> {
            List<String> rows = new ArrayList<>();
            for (String table : TABLES) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    List<String> these = new ArrayList<>();
                    while (rs.next()) {
                        StringBuilder sb = new StringBuilder(table);
                        for (int i = 1; i <= columns; i++) {
                            sb.append('|').append(rs.getString(i));
                        }
                        these.add(sb.toString());
                    }
                    these.sort(null);
                    rows.addAll(these);
                }
            }
            return rows;
        });
    }

    private static int count(Database db, String from) {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + from)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
