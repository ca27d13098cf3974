package org.hearthgate.relay.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Mosquitto's password and ACL files written from the directory ({@code ./hearthgate admin broker-files}), so the
 * broker lets in exactly the directory's hubs. A hub's MQTT user name is {@code <tenant>/<hub>} (its password
 * account, or its certificate's CN with {@code use_identity_as_username}); its ACL block lets it write only under
 * its own up topics and read only its own down topics, spelled out per hub (no {@code %u} pattern, which Mosquitto
 * 2.1 no longer expands across levels). The relays' one account reads every hub and writes down.
 *
 * <p>Password lines are Mosquitto's own {@code $7$} format: PBKDF2-HMAC-SHA512, 101 iterations, a 12-byte salt,
 * {@code user:$7$101$<salt base64>$<hash base64>}, as {@code mosquitto_passwd} writes them.
 */
public final class BrokerFiles {
    public static final String PASSWORD_FILE = "hearthgate.passwd";
    public static final String ACL_FILE = "hearthgate.acl";
    private static final int ITERATIONS = 101;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrokerFiles() {
    }

    /** The relays' broker account; {@code passwordHash} is a $7$ hash. */
    public record RelayAccount(String user, String passwordHash) {
    }

    /** A new $7$ hash of {@code password}, for a hub's {@code passwordHash} or the relay's account. */
    public static String mosquittoHash(char[] password) {
        byte[] salt = new byte[12];
        RANDOM.nextBytes(salt);
        return mosquittoHash(password, salt, ITERATIONS);
    }

    static String mosquittoHash(char[] password, byte[] salt, int iterations) {
        try {
            // Mosquitto hashes the UTF-8 bytes of the password; PBEKeySpec takes chars and the JDK's PBKDF2 encodes
            // them as UTF-8 too.
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(password, salt, iterations, 512)).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return "$7$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2-HMAC-SHA512 unavailable", e);
        }
    }

    /** The password file's text: the relay's account, then every hub that has a password. */
    public static String passwordFile(List<RegisteredHub> hubs, RelayAccount relay) {
        StringBuilder sb = new StringBuilder();
        sb.append(relay.user()).append(':').append(relay.passwordHash()).append('\n');
        for (RegisteredHub h : hubs) {
            if (h.passwordHash() != null) {
                sb.append(user(h)).append(':').append(h.passwordHash()).append('\n');
            }
        }
        return sb.toString();
    }

    /** The ACL file's text: the relays' rules, then one block per hub. */
    public static String aclFile(List<RegisteredHub> hubs, String relayUser) {
        StringBuilder sb = new StringBuilder("""
                # Written by ./hearthgate admin broker-files from the care directory: do not edit, re-run it.
                # A hub (user <tenant>/<hub>) may write only its own up topics and read only its own down topics.

                # The cloud relays: read every hub's up topics (shared subscription and plain), answer on down topics.
                """);
        sb.append("user ").append(relayUser).append('\n')
                .append("topic read hg/v1/+/+/up/#\n")
                .append("topic write hg/v1/+/+/down/#\n");
        for (RegisteredHub h : hubs) {
            String base = "hg/v1/" + h.tenant().value() + "/" + h.id().value();
            sb.append('\n').append("user ").append(user(h)).append('\n')
                    .append("topic write ").append(base).append("/up/#\n")
                    .append("topic read ").append(base).append("/down/#\n");
        }
        return sb.toString();
    }

    /** Writes both files into {@code dir} (0640, each replaced in one move so the broker never reads half). */
    public static List<Path> write(Path dir, List<RegisteredHub> hubs, RelayAccount relay) throws IOException {
        Files.createDirectories(dir);
        return List.of(replace(dir.resolve(PASSWORD_FILE), passwordFile(hubs, relay)),
                replace(dir.resolve(ACL_FILE), aclFile(hubs, relay.user())));
    }

    private static Path replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r-----"));
        }
        return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String user(RegisteredHub h) {
        return h.tenant().value() + "/" + h.id().value();
    }
}
