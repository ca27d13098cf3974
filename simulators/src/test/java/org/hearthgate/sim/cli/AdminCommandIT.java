package org.hearthgate.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Base64;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.access.FieldCipher;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.SqlCareDirectory;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.stack.TempDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./hearthgate admin import} of the shipped sample into a SQLite file, then {@code admin broker-files} from
 * it, checked against a real Mosquitto: a registered hub logs in with its password and publishes under its own
 * topics only; a hub the directory does not know is refused.
 */
class AdminCommandIT {
    private static final Path SAMPLE = Path.of("..", "docs", "examples", "directory.yaml");
    private final Path dir = MosquittoBroker.newDirectory();

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = HearthgateCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @AfterEach
    void deleteDir() {
        TempDirs.delete(dir);
    }

    @Test
    void theSampleImportsOnceAndABadFileIsRefusedNamingTheRow() throws Exception {
        String db = dir.resolve("cloud.db").toString();
        Run first = run("admin", "import", SAMPLE.toString(), "--database", db);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("into tenant demo", "residents: 3 created, 0 updated, 0 unchanged");
        Run again = run("admin", "import", SAMPLE.toString(), "--database", db);
        assertThat(again.out()).contains("residents: 0 created, 0 updated, 3 unchanged",
                "hubs: 0 created, 0 updated, 5 unchanged");

        Path bad = Files.writeString(dir.resolve("bad.yaml"), Files.readString(SAMPLE)
                .replace("nhsNumber: 999 000 0034", "nhsNumber: 999 000 0035"));
        Run refused = run("admin", "import", bad.toString(), "--database", db);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("was not imported (nothing changed)",
                "residents[2].nhsNumber: 9990000035 fails the Modulus 11 check");
        assertThat(run("admin", "import", SAMPLE.toString()).exit()).as("no database named").isEqualTo(2);
    }

    @Test
    void theBrokerLetsInTheDirectorysHubsOnlyEachUnderItsOwnTopics() throws Exception {
        String db = dir.resolve("cloud.db").toString();
        assertThat(run("admin", "import", SAMPLE.toString(), "--database", db).exit()).isZero();
        Path relayPassword = Files.writeString(dir.resolve("relay-password"), "relay-secret-for-the-test\n");
        Path out = dir.resolve("broker");
        Run files = run("admin", "broker-files", "--out", out.toString(), "--database", db,
                "--relay-password-file", relayPassword.toString());
        assertThat(files.exit()).as(files.err()).isZero();
        assertThat(files.out()).contains("(5 hubs)");
        // Mosquitto drops root to its own user; in production the files get `chgrp mosquitto` instead.
        out.toFile().setExecutable(true, false);
        for (String f : List.of("hearthgate.passwd", "hearthgate.acl")) {
            out.resolve(f).toFile().setReadable(true, false);
        }

        try (MosquittoBroker broker = MosquittoBroker.start(Broker.freePort(), dir, """
                allow_anonymous false
                password_file %s
                acl_file %s
                """.formatted(out.resolve("hearthgate.passwd"), out.resolve("hearthgate.acl")))) {
            List<String> relaySaw = new CopyOnWriteArrayList<>();
            MqttClient relay = connect(broker, "relay", "relay-secret-for-the-test");
            relay.subscribe(new MqttSubscription[] {new MqttSubscription("hg/v1/+/+/up/#", 1)},
                    new IMqttMessageListener[] {(topic, m) -> relaySaw.add(topic)});
            MqttClient hub = connect(broker, "demo/hub-demo", "hearthgate-hub-demo");
            hub.publish("hg/v1/demo/hub-sim/up/alarm", payload(), 1, false);  // another hub's topic: dropped
            hub.publish("hg/v1/demo/hub-demo/up/alarm", payload(), 1, false); // its own: delivered
            await().atMost(Duration.ofSeconds(10)).until(() -> relaySaw.contains("hg/v1/demo/hub-demo/up/alarm"));
            // one connection keeps its order: the forbidden publish went first, so it would be here by now
            assertThat(relaySaw).containsExactly("hg/v1/demo/hub-demo/up/alarm");

            Throwable unknown = catchThrowable(() -> connect(broker, "demo/hub-9999", "hearthgate-hub-demo"));
            assertThat(unknown).as("a hub the directory does not know").isInstanceOf(MqttException.class);
            Throwable wrong = catchThrowable(() -> connect(broker, "demo/hub-sim", "not-its-password"));
            assertThat(wrong).as("a registered hub with the wrong password").isInstanceOf(MqttException.class);
            for (MqttClient c : List.of(hub, relay)) {
                c.disconnect();
                c.close();
            }
        }
    }

    @Test
    void bothCommandsTakeTheDatabaseAndTheRelaysAccountFromCloudYaml() throws Exception {
        Path config = Files.writeString(dir.resolve("cloud.yaml"), """
                broker: {url: "tcp://127.0.0.1:1883", username: relay-7, password: relay-secret-from-config}
                database: %s
                users:
                  - {name: ops, role: ADMIN, passwordHash: "pbkdf2$1$c2FsdA==$aGFzaA=="}
                """.formatted(dir.resolve("from-config.db")));
        assertThat(run("admin", "import", SAMPLE.toString(), "--config", config.toString()).exit()).isZero();
        Run files = run("admin", "broker-files", "--out", dir.resolve("b").toString(), "--config", config.toString());
        assertThat(files.exit()).as(files.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("b").resolve("hearthgate.passwd")))
                .hasSize(6).first().asString().startsWith("relay-7:$7$101$");
        assertThat(Files.readString(dir.resolve("b").resolve("hearthgate.acl"))).contains("user relay-7\n")
                .contains("user demo/hub-0003\ntopic write hg/v1/demo/hub-0003/up/#\n");
        assertThat(run("admin", "import", SAMPLE.toString(), "--config", config.toString(), "--database",
                dir.resolve("x.db").toString()).exit()).as("one or the other").isEqualTo(2);
    }

    @Test
    void anImportSealsKeySafeCodesWithTheRelaysFieldKey() throws Exception {
        // Without a configured key: the SQLite default beside the database, the one the relay will use.
        String db = dir.resolve("sealed.db").toString();
        Run first = run("admin", "import", SAMPLE.toString(), "--database", db);
        assertThat(first.exit()).as(first.err()).isZero();
        Path beside = dir.resolve("sealed.db.field-key");
        assertThat(Files.getPosixFilePermissions(beside)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertSealed(db, FieldCipher.load(beside));
        assertThat(run("admin", "import", SAMPLE.toString(), "--database", db).out())
                .contains("residents: 0 created, 0 updated, 3 unchanged");

        // With security.fieldKeyFile in cloud.yaml: that key, and none made beside the database.
        Path key = Files.writeString(dir.resolve("field.key"),
                Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)) + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path config = Files.writeString(dir.resolve("cloud.yaml"), """
                broker: {url: "tcp://127.0.0.1:1883"}
                database: %s
                security: {fieldKeyFile: %s}
                """.formatted(dir.resolve("configured.db"), key));
        Run configured = run("admin", "import", SAMPLE.toString(), "--config", config.toString());
        assertThat(configured.exit()).as(configured.err()).isZero();
        assertThat(dir.resolve("configured.db.field-key")).doesNotExist();
        assertSealed(dir.resolve("configured.db").toString(), FieldCipher.load(key));
    }

    private static void assertSealed(String spec, FieldCipher key) throws Exception {
        try (Database db = Database.open(spec); Connection c = db.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT key_safe_code FROM residents")) {
            List<String> raw = new java.util.ArrayList<>();
            while (rs.next()) {
                raw.add(rs.getString(1));
            }
            assertThat(raw).hasSize(3).allSatisfy(v -> assertThat(v).startsWith("hgenc1:")
                    .doesNotContain("4721").doesNotContain("0815").doesNotContain("2590"));
            assertThat(new SqlCareDirectory(db, Clock.systemUTC(), key).resident(TenantId.of("demo"),
                    ResidentId.of("res-demo")).orElseThrow().safety().keySafeCode()).isEqualTo("4721");
        }
    }

    @Test
    void brokerFilesNeedTheRelaysPassword() {
        Run r = run("admin", "broker-files", "--out", dir.resolve("b").toString(), "--database",
                dir.resolve("cloud.db").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("the relays' broker password is needed");
    }

    private static MqttClient connect(MosquittoBroker broker, String user, String password) throws MqttException {
        MqttClient c = new MqttClient(broker.url(), user.replace('/', '.') + "-it", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout(5);
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        return c;
    }

    private static byte[] payload() {
        return "{}".getBytes(StandardCharsets.UTF_8);
    }
}
