package org.hearthgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as {@code openssl} writes them, good and bad; every refusal names the setting and the file. */
class TlsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void aPrivateCa() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=test CA");
    }

    @Test
    void buildsFromACaAloneOrWithAClientCertificateAndItsPkcs8Key() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "hub.key", "-out", "hub.crt", "-days", "1", "-subj", "/CN=acme\\/hub-1");
        assertThat(Files.readString(dir.resolve("hub.key"))).startsWith("-----BEGIN PRIVATE KEY-----");

        assertThat(Tls.socketFactory(dir.resolve("ca.crt"), null, null)).isNotNull();
        assertThat(Tls.socketFactory(dir.resolve("ca.crt"), dir.resolve("hub.crt"), dir.resolve("hub.key")))
                .isNotNull();
    }

    @Test
    void readsTheOlderRsaAndEcKeyFormsToo() throws Exception {
        openssl("genrsa", "-traditional", "-out", "rsa.key", "2048");
        openssl("req", "-x509", "-new", "-key", "rsa.key", "-out", "rsa.crt", "-days", "1", "-subj", "/CN=rsa");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.key");
        openssl("req", "-x509", "-new", "-key", "ec.key", "-out", "ec.crt", "-days", "1", "-subj", "/CN=ec");
        assertThat(Files.readString(dir.resolve("rsa.key"))).contains("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("ec.key"))).contains("-----BEGIN EC PARAMETERS-----")
                .contains("-----BEGIN EC PRIVATE KEY-----");

        assertThat(Tls.privateKey(dir.resolve("rsa.key")).getAlgorithm()).isEqualTo("RSA");
        assertThat(Tls.privateKey(dir.resolve("ec.key")).getAlgorithm()).isEqualTo("EC");
        assertThat(Tls.socketFactory(dir.resolve("ca.crt"), dir.resolve("rsa.crt"), dir.resolve("rsa.key")))
                .isNotNull();
        assertThat(Tls.socketFactory(dir.resolve("ca.crt"), dir.resolve("ec.crt"), dir.resolve("ec.key")))
                .isNotNull();
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "hub.key", "-out", "hub.crt", "-days", "1", "-subj", "/CN=hub");
        openssl("genrsa", "-out", "other.key", "2048");

        assertThatThrownBy(() -> Tls.socketFactory(dir.resolve("ca.crt"), dir.resolve("hub.crt"),
                dir.resolve("other.key"))).isInstanceOf(Tls.BadFile.class)
                .hasMessage("keyFile: " + dir.resolve("other.key") + ": this key does not belong to the certificate in "
                        + dir.resolve("hub.crt"));
    }

    @Test
    void aMissingFileIsNamedWithItsSetting() {
        Path missing = dir.resolve("nope.crt");
        assertThatThrownBy(() -> Tls.socketFactory(missing, null, null)).isInstanceOf(Tls.BadFile.class)
                .hasMessage("caFile: " + missing + ": no such file")
                .extracting(e -> ((Tls.BadFile) e).key()).isEqualTo("caFile");
    }

    @Test
    void aFileThatIsNotPemSaysWhatWasExpectedAndHowToConvertDer() throws Exception {
        Path text = Files.writeString(dir.resolve("ca.txt"), "hello\n");
        openssl("x509", "-in", "ca.crt", "-outform", "der", "-out", "ca.der");

        assertThatThrownBy(() -> Tls.socketFactory(text, null, null))
                .hasMessage("caFile: " + text + ": not a PEM file (expected -----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> Tls.socketFactory(dir.resolve("ca.der"), null, null))
                .hasMessageContaining("it looks like DER: convert it with openssl x509 -inform der");
    }

    @Test
    void aCertificateWhereTheKeyShouldBeAndAnEncryptedKeyAreRefusedWithTheFix() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "hub.key", "-out", "hub.crt", "-days", "1", "-subj", "/CN=hub");
        openssl("pkcs8", "-topk8", "-in", "hub.key", "-out", "locked.key", "-passout", "pass:secret");

        assertThatThrownBy(() -> Tls.socketFactory(dir.resolve("ca.crt"), dir.resolve("hub.crt"),
                dir.resolve("hub.crt"))).hasMessage("keyFile: " + dir.resolve("hub.crt")
                        + ": holds no private key (expected -----BEGIN PRIVATE KEY-----, PKCS#8)");
        assertThatThrownBy(() -> Tls.socketFactory(dir.resolve("ca.crt"), dir.resolve("hub.crt"),
                dir.resolve("locked.key"))).hasMessageStartingWith("keyFile: " + dir.resolve("locked.key")
                        + ": the key is encrypted").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        assertThatThrownBy(() -> Tls.socketFactory(dir.resolve("ca.crt"), dir.resolve("hub.key"),
                dir.resolve("hub.key"))).hasMessageStartingWith("certFile: " + dir.resolve("hub.key")
                        + ": holds no certificate");
    }

    @Test
    void aCertificateNeedsItsKeyAndAKeyItsCertificate() {
        assertThatThrownBy(() -> Tls.socketFactory(null, dir.resolve("ca.crt"), null))
                .hasMessage("keyFile: give both certFile and keyFile, or neither");
        assertThatThrownBy(() -> Tls.socketFactory(null, null, dir.resolve("ca.key")))
                .hasMessage("certFile: give both certFile and keyFile, or neither");
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
    }
}
