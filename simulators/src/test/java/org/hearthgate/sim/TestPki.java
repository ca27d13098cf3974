package org.hearthgate.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private CA and the certificates a deployment needs, made with Debian's {@code openssl} in a directory, the way
 * docs/deploy/README.md tells an operator to make them. Every file is readable by all, because Mosquitto, started
 * as root by the tests, drops to the user {@code mosquitto} before it reads them.
 */
final class TestPki {
    private final Path dir;

    /** One certificate and its unencrypted PKCS#8 key. */
    record Pair(Path cert, Path key) {
    }

    TestPki(Path dir) {
        this.dir = dir;
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=Hearthgate test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    Path ca() {
        return dir.resolve("ca.crt");
    }

    /** The broker's certificate for 127.0.0.1 and localhost, signed by the CA. */
    Pair server(String name) {
        return server(name, "DNS:localhost,IP:127.0.0.1");
    }

    /** A broker certificate signed by the CA for the names in {@code subjectAltNames}. */
    Pair server(String name, String subjectAltNames) {
        return signed(name, "/CN=broker", "subjectAltName=" + subjectAltNames + "\nextendedKeyUsage=serverAuth\n");
    }

    /** A client certificate whose CN, the MQTT user name under {@code use_identity_as_username}, is {@code cn}. */
    Pair client(String name, String cn) {
        return signed(name, "/CN=" + cn.replace("/", "\\/"), "extendedKeyUsage=clientAuth\n");
    }

    /** A server certificate for the right names that signed itself: no CA vouches for it. */
    Pair selfSignedServer(String name) {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        return pair(name);
    }

    private Pair signed(String name, String subject, String extensions) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), extensions);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
        return pair(name);
    }

    private Pair pair(String name) {
        Pair p = new Pair(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        p.cert().toFile().setReadable(true, false);
        p.key().toFile().setReadable(true, false);
        ca().toFile().setReadable(true, false);
        return p;
    }

    private void openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
