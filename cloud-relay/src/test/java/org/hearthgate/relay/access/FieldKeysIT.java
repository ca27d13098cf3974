package org.hearthgate.relay.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Which key a relay seals with when none is configured: beside a SQLite file; none, with a warning, on PostgreSQL. */
class FieldKeysIT {
    private static final FieldCipher.Place PLACE = new FieldCipher.Place("key_safe_code", "demo", "res-demo");
    @TempDir
    Path dir;

    @Test
    void aSqliteRelayMakesAnOwnerOnlyKeyBesideItsDatabaseOnFirstStartAndReusesItOnRestart() throws Exception {
        String spec = dir.resolve("relay.db").toString();
        Path key = dir.resolve("relay.db.field-key");
        String sealed;
        try (Database db = Database.open(spec)) {
            sealed = FieldKeys.resolve(null, db, spec, () -> false).seal("4721", PLACE);
        }
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String made = Files.readString(key);

        try (Database db = Database.open(spec)) {
            assertThat(FieldKeys.resolve(null, db, spec, () -> true).open(sealed, PLACE)).isEqualTo("4721");
        }
        assertThat(Files.readString(key)).as("the same key after a restart").isEqualTo(made);
    }

    @Test
    void aLostDefaultKeyIsNotSilentlyReplacedWhenCodesAreSealedWithIt() {
        String spec = dir.resolve("relay.db").toString();
        try (Database db = Database.open(spec)) {
            assertThatThrownBy(() -> FieldKeys.resolve(null, db, spec, () -> true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(dir.resolve("relay.db.field-key").toString())
                    .hasMessageContaining("restore it from its backup");
        }
        assertThat(dir.resolve("relay.db.field-key")).doesNotExist();
    }

    @Test
    void aConfiguredKeyFileWinsAndMustBeOwnerOnly() throws Exception {
        String spec = dir.resolve("relay.db").toString();
        Path key = Files.writeString(dir.resolve("field.key"),
                java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw----r--"));
        try (Database db = Database.open(spec)) {
            assertThatThrownBy(() -> FieldKeys.resolve(key, db, spec, () -> false))
                    .hasMessageContaining(key.toString()).hasMessageContaining("chmod 600");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            assertThat(FieldKeys.resolve(key, db, spec, () -> false)).isNotNull();
        }
        assertThat(dir.resolve("relay.db.field-key")).as("no default beside it").doesNotExist();
    }

    @Test
    void aPostgresqlRelayWithoutAKeyStartsInClearAndWarnsOnce() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(FieldKeys.class);
        logger.addAppender(log);
        FieldKeys.forgetWarning(); // as a fresh process: another test in this JVM may have had the warning
        try (PostgresServer postgres = PostgresServer.start()) {
            String spec = postgres.newDatabase();
            try (Database db = Database.open(spec)) {
                assertThat(FieldKeys.resolve(null, db, spec, () -> false)).isNull();
                assertThat(FieldKeys.resolve(null, db, spec, () -> false)).isNull();
            }
        } finally {
            logger.detachAppender(log);
        }
        assertThat(log.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).hasToString("WARN");
            assertThat(e.getFormattedMessage()).contains("stored in clear", "security.fieldKeyFile",
                    "chmod 600");
        });
    }
}
