package org.hearthgate.relay.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearthgate.relay.directory.Sample.TENANT;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.relay.access.FieldCipher;
import org.hearthgate.relay.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** Residents' key-safe codes sealed at rest, on SQLite and on a real PostgreSQL; the column read with plain JDBC. */
class SealedKeySafeIT {
    private static final ResidentId RES_1 = ResidentId.of("res-1");
    private static final ResidentId RES_2 = ResidentId.of("res-2");
    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-12-01T10:00:00Z");
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void startPostgres() {
        Databases.start();
    }

    @AfterAll
    static void stopPostgres() {
        Databases.stop();
    }

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(SqlCareDirectory.class)).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(SqlCareDirectory.class)).detachAppender(log);
    }

    static FieldCipher key(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return FieldCipher.of(key);
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void theColumnHoldsNoPlaintextAndReadsBackAsTheCode(String dialect) throws Exception {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory d = Sample.withTenant(new SqlCareDirectory(db, clock, key(1)));
            d.putResident(Sample.resident("res-1", "Margaret", null));

            String raw = column(db, RES_1);
            assertThat(raw).startsWith("hgenc1:").doesNotContain("4721");
            assertThat(d.resident(TENANT, RES_1).orElseThrow().safety().keySafeCode()).isEqualTo("4721");
            assertThat(d.resident(TENANT, RES_1).orElseThrow().safety().keySafeCodeUnreadable()).isFalse();
            assertThat(d.residents(TENANT).get(0).safety().keySafeCode()).isEqualTo("4721");

            assertThat(d.putResident(Sample.resident("res-1", "Margaret", null))).as("decided on the plaintext")
                    .isEqualTo(Change.UNCHANGED);
            assertThat(column(db, RES_1)).as("an unchanged code keeps its ciphertext").isEqualTo(raw);
            assertThat(d.putResident(Sample.resident("res-1", "Peggy", null))).isEqualTo(Change.UPDATED);
            assertThat(column(db, RES_1)).as("nor is it re-sealed when something else changes").isEqualTo(raw);
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void aCodeMovedToAnotherResidentDoesNotOpenAndOnlyThatCodeIsUnavailable(String dialect) throws Exception {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory d = Sample.withTenant(new SqlCareDirectory(db, clock, key(1)));
            d.putResident(Sample.resident("res-1", "Margaret", null));
            d.putResident(withCode(Sample.resident("res-2", "Ann", null), "9999"));
            setColumn(db, RES_2, column(db, RES_1)); // someone with database access copies Margaret's code over

            Resident ann = d.resident(TENANT, RES_2).orElseThrow();
            assertThat(ann.safety().keySafeCode()).isNull();
            assertThat(ann.safety().keySafeCodeUnreadable()).isTrue();
            assertThat(ann.givenName()).as("the rest of the card is there").isEqualTo("Ann");
            assertThat(ann.safety().accessInstructions()).isEqualTo("Key safe left of the door");
            assertThat(d.residents(TENANT)).extracting(r -> r.safety().keySafeCode()).containsExactly("4721", null);
            assertThat(log.list).singleElement().satisfies(e -> {
                assertThat(e.getFormattedMessage()).contains("res-2").contains("cannot be read")
                        .doesNotContain("4721").doesNotContain("hgenc1:");
            });
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void aCodeWrittenInClearBeforeSealingIsReadAndSealedOnTheNextWrite(String dialect) throws Exception {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            Sample.withTenant(new SqlCareDirectory(db, clock)).putResident(Sample.resident("res-1", "Margaret", null));
            assertThat(column(db, RES_1)).as("the release before").isEqualTo("4721");

            SqlCareDirectory d = new SqlCareDirectory(db, clock, key(1));
            assertThat(d.resident(TENANT, RES_1).orElseThrow().safety().keySafeCode()).isEqualTo("4721");
            assertThat(d.putResident(Sample.resident("res-1", "Margaret", null))).isEqualTo(Change.UNCHANGED);
            assertThat(column(db, RES_1)).startsWith("hgenc1:").doesNotContain("4721");
            assertThat(d.resident(TENANT, RES_1).orElseThrow().safety().keySafeCode()).isEqualTo("4721");
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void aRelayWithAKeySealsEveryCodeLeftInClearWhenItStarts(String dialect) throws Exception {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            SqlCareDirectory before = Sample.withTenant(new SqlCareDirectory(db, clock));
            before.putResident(Sample.resident("res-1", "Margaret", null));
            before.putResident(withCode(Sample.resident("res-2", "Arthur", null), "9090"));
            assertThat(column(db, RES_2)).as("the release before").isEqualTo("9090");

            SqlCareDirectory d = new SqlCareDirectory(db, clock, key(1));
            assertThat(d.sealClearKeySafeCodes()).isEqualTo(2);
            assertThat(column(db, RES_1)).startsWith("hgenc1:").doesNotContain("4721");
            assertThat(column(db, RES_2)).startsWith("hgenc1:").doesNotContain("9090");
            assertThat(d.resident(TENANT, RES_2).orElseThrow().safety().keySafeCode()).isEqualTo("9090");
            assertThat(d.sealClearKeySafeCodes()).as("a second start finds nothing in clear").isZero();
            assertThat(new SqlCareDirectory(db, clock).sealClearKeySafeCodes()).as("no key: nothing to do").isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.hearthgate.relay.directory.Databases#both")
    void underAWrongKeyTheCodeIsUnavailableLoggedWithoutItsValueAndNotErasedByAnEdit(String dialect)
            throws Exception {
        try (Database db = Database.open(Databases.spec(dialect, dir))) {
            Sample.withTenant(new SqlCareDirectory(db, clock, key(1))).putResident(
                    Sample.resident("res-1", "Margaret", null));
            String raw = column(db, RES_1);

            SqlCareDirectory wrong = new SqlCareDirectory(db, clock, key(2));
            Resident seen = wrong.resident(TENANT, RES_1).orElseThrow();
            assertThat(seen.safety().keySafeCodeUnreadable()).isTrue();
            assertThat(seen.safety().keySafeCode()).isNull();
            wrong.resident(TENANT, RES_1);
            assertThat(log.list).as("once, naming the resident, not the value").singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("acme/res-1")
                            .doesNotContain("4721").doesNotContain(raw.substring(7)));

            // An admin edits the record on that relay: the form has no code to send back.
            assertThat(wrong.putResident(seen)).isEqualTo(Change.UNCHANGED);
            Resident renamed = new Resident(seen.tenant(), seen.id(), "Peggy", seen.familyName(),
                    seen.preferredName(), seen.birthDate(), seen.address(), seen.phone(), seen.nhsNumber(),
                    seen.nhsVerification(), seen.safety(), seen.gp());
            assertThat(wrong.putResident(renamed)).isEqualTo(Change.UPDATED);
            assertThat(column(db, RES_1)).as("the code it cannot read is kept").isEqualTo(raw);
            SqlCareDirectory right = new SqlCareDirectory(db, clock, key(1));
            assertThat(right.resident(TENANT, RES_1).orElseThrow().safety().keySafeCode()).isEqualTo("4721");
            assertThat(right.resident(TENANT, RES_1).orElseThrow().givenName()).isEqualTo("Peggy");

            assertThat(wrong.putResident(withCode(renamed, "1111"))).as("a new code replaces it")
                    .isEqualTo(Change.UPDATED);
            assertThat(wrong.resident(TENANT, RES_1).orElseThrow().safety().keySafeCode()).isEqualTo("1111");

            SqlCareDirectory none = new SqlCareDirectory(db, clock);
            assertThat(none.resident(TENANT, RES_1).orElseThrow().safety().keySafeCodeUnreadable())
                    .as("a sealed code without any key").isTrue();
            assertThat(SqlCareDirectory.holdsSealedCodes(db)).isTrue();
        }
    }

    static Resident withCode(Resident r, String code) {
        Resident.SafetyInfo s = r.safety();
        return new Resident(r.tenant(), r.id(), r.givenName(), r.familyName(), r.preferredName(), r.birthDate(),
                r.address(), r.phone(), r.nhsNumber(), r.nhsVerification(), new Resident.SafetyInfo(
                        s.accessInstructions(), code, s.dnacpr(), s.endOfLifeWishes(), s.allergies(), s.conditions(),
                        s.languages()), r.gp());
    }

    static String column(Database db, ResidentId id) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT key_safe_code FROM residents WHERE id = ?")) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void setColumn(Database db, ResidentId id, String value) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE residents SET key_safe_code = ? WHERE id = ?")) {
            ps.setString(1, value);
            ps.setString(2, id.value());
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
