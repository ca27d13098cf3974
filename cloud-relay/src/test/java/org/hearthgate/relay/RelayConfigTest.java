package org.hearthgate.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.hearthgate.contract.config.ConfigException;
import org.hearthgate.contract.config.YamlConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayConfigTest {
    private static final String GOOD = """
            broker:
              url: ssl://mqtt.example.org:8883
              username: relay
              password: secret
            database: /var/lib/hearthgate/relay.db
            users:
              - {name: duty, role: RESPONDER, passwordHash: "pbkdf2$1$aa$bb"}
            """;

    @Test
    void withoutTlsFilesTheBrokerLinkTrustsThePublicCas() {
        assertThat(YamlConfig.parse(GOOD, RelayConfig.class).brokerTls()).isNull();
    }

    @Test
    void aMissingCaFileStopsStartUpNamingItsKey(@TempDir Path dir) {
        Path missing = dir.resolve("ca.crt");
        String yaml = GOOD.replace("  password: secret\n", "  password: secret\n  caFile: " + missing + "\n");

        assertThatThrownBy(() -> YamlConfig.parse(yaml, RelayConfig.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("broker.caFile"))
                .hasMessage("broker.caFile: " + missing + ": no such file");
        assertThatThrownBy(() -> YamlConfig.parse(GOOD.replace("  password: secret\n",
                "  password: secret\n  keyFile: /etc/hearthgate/relay.key\n"), RelayConfig.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("broker.certFile"));
    }

    @Test
    void theFieldKeyFileIsCheckedAtStartUpNamingItsKey(@TempDir Path dir) throws Exception {
        assertThat(YamlConfig.parse(GOOD, RelayConfig.class).fieldKeyFile()).as("the default").isNull();
        Path key = java.nio.file.Files.writeString(dir.resolve("field.key"),
                java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        java.nio.file.Files.setPosixFilePermissions(key,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        String yaml = GOOD + "security: {fieldKeyFile: " + key + "}\n";

        assertThatThrownBy(() -> YamlConfig.parse(yaml, RelayConfig.class))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("security.fieldKeyFile"))
                .hasMessageContaining(key.toString()).hasMessageContaining("chmod 600");
        java.nio.file.Files.setPosixFilePermissions(key,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        RelayConfig config = YamlConfig.parse(yaml, RelayConfig.class);
        assertThat(config.fieldKeyFile()).isEqualTo(key);
        assertThat(config.people().fieldKeyFile()).isEqualTo(key);
        assertThatThrownBy(() -> YamlConfig.parse(GOOD + "security: {fieldKeyFile: " + dir.resolve("none.key")
                + "}\n", RelayConfig.class)).isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("security.fieldKeyFile"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void withoutAReadingsBlockReadingsStayInTheRelayStore() {
        assertThat(YamlConfig.parse(GOOD, RelayConfig.class).influx()).isNull();
    }

    @Test
    void aReadingsBlockSendsReadingsToInfluxWithFiveYearsRetentionAndASpoolBesideTheDatabase() {
        var influx = YamlConfig.parse(GOOD + """
                readings:
                  influx: {url: "http://127.0.0.1:8086", database: telecare}
                """, RelayConfig.class).influx();

        assertThat(influx.url()).isEqualTo("http://127.0.0.1:8086");
        assertThat(influx.database()).isEqualTo("telecare");
        assertThat(influx.retention()).isEqualTo(java.time.Duration.ofDays(5 * 365));
        assertThat(influx.spool()).isEqualTo(Path.of("/var/lib/hearthgate/readings-spool"));
    }

    @Test
    void aBadInfluxSettingStopsStartUpNamingItsKey() {
        assertThatThrownBy(() -> YamlConfig.parse(GOOD + """
                readings:
                  influx: {url: "127.0.0.1:8086"}
                """, RelayConfig.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(
                        "readings.influx.url"));
        assertThatThrownBy(() -> YamlConfig.parse(GOOD + """
                readings:
                  influx: {url: "http://127.0.0.1:8086", retentionDays: 0}
                  spool: /var/spool/hearthgate
                """, RelayConfig.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(
                        "readings.influx.retentionDays"));
    }

    @Test
    void theDatabaseIsAPostgresqlUrlOrASqliteFile() {
        String pg = GOOD.replace("database: /var/lib/hearthgate/relay.db",
                "database: postgresql://relay:s3cret@db.example.org:5432/hearthgate");
        assertThat(YamlConfig.parse(pg, RelayConfig.class).settings().database())
                .isEqualTo("postgresql://relay:s3cret@db.example.org:5432/hearthgate");
        assertThat(YamlConfig.parse(GOOD, RelayConfig.class).settings().database())
                .isEqualTo("/var/lib/hearthgate/relay.db");
        assertThatThrownBy(() -> YamlConfig.parse(GOOD.replace("database: /var/lib/hearthgate/relay.db",
                "database: mysql://db.example.org/hearthgate"), RelayConfig.class))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("database"));
    }
}
