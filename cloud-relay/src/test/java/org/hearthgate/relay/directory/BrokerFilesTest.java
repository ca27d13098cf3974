package org.hearthgate.relay.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The broker's files from the directory; the hash format checked against the installed mosquitto_passwd. */
class BrokerFilesTest {
    private static final String FINGERPRINT = "ab".repeat(32);

    @ParameterizedTest
    @ValueSource(strings = {"hearthgate-hub-demo", "s3cret with spaces", "pässwörd-ünïcode"})
    void ourHashIsWhatMosquittoPasswdWritesForTheSameSalt(String password, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("passwd");
        Process p = new ProcessBuilder("mosquitto_passwd", "-c", "-b", file.toString(), "acme/hub-1", password)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("mosquitto_passwd").isZero();
        String line = Files.readString(file).strip();
        String theirs = line.substring("acme/hub-1:".length());
        String[] parts = theirs.split("\\$"); // "", "7", iterations, salt, hash
        assertThat(parts[1]).isEqualTo("7");
        String ours = BrokerFiles.mosquittoHash(password.toCharArray(), Base64.getDecoder().decode(parts[3]),
                Integer.parseInt(parts[2]));
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void aNewHashHasMosquittosShape() {
        String hash = BrokerFiles.mosquittoHash("x".toCharArray());
        assertThat(hash).matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
        assertThat(BrokerFiles.mosquittoHash("x".toCharArray())).as("salted").isNotEqualTo(hash);
        // and the directory takes it as a hub's credential
        new RegisteredHub(TenantId.of("acme"), HubId.of("hub-1"), hash, null, null);
    }

    @Test
    void everyHubGetsItsOwnTopicsAndOnlyPasswordHubsAPasswordLine(@TempDir Path dir) throws Exception {
        List<RegisteredHub> hubs = List.of(
                new RegisteredHub(TenantId.of("acme"), HubId.of("hub-1"), Sample.HUB_HASH, null, null),
                new RegisteredHub(TenantId.of("other"), HubId.of("hub-1"), null, FINGERPRINT, null));
        List<Path> written = BrokerFiles.write(dir, hubs, new BrokerFiles.RelayAccount("relay", Sample.HUB_HASH));

        assertThat(Files.readAllLines(written.get(0))).containsExactly("relay:" + Sample.HUB_HASH,
                "acme/hub-1:" + Sample.HUB_HASH);
        String acl = Files.readString(written.get(1));
        assertThat(acl).contains("""
                user relay
                topic read hg/v1/+/+/up/#
                topic write hg/v1/+/+/down/#

                user acme/hub-1
                topic write hg/v1/acme/hub-1/up/#
                topic read hg/v1/acme/hub-1/down/#

                user other/hub-1
                topic write hg/v1/other/hub-1/up/#
                topic read hg/v1/other/hub-1/down/#
                """);
        assertThat(Files.getPosixFilePermissions(written.get(0))).hasSize(3); // rw-r-----
        assertThat(dir.resolve("hearthgate.passwd.tmp")).doesNotExist();
    }
}
