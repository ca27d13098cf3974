package org.hearthgate.relay.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals single database fields (a resident's key-safe code) with AES-256-GCM under a key kept outside the database,
 * so a dump or backup of the database alone does not open anyone's front door.
 *
 * <p>A sealed value is {@code hgenc1:} + base64(12-byte random nonce ‖ ciphertext ‖ 16-byte tag). The associated
 * data is the value's {@link Place} (column, tenant, row id): a ciphertext copied into another resident's row fails
 * its tag instead of opening there. A value without the prefix was written before sealing existed and is returned
 * as it is (the directory re-seals it on its next write).
 *
 * <p>The key file holds 32 random bytes in base64 and must be readable by its owner only. Neither the key nor any
 * plaintext ever appears in a message or log line of this class.
 */
public final class FieldCipher {
    public static final String PREFIX = "hgenc1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a value lives: bound into its ciphertext as associated data. */
    public record Place(String column, String tenant, String row) {
        byte[] associatedData() {
            return (column + "|" + tenant + "|" + row).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return column + " of " + tenant + "/" + row;
        }
    }

    /** A sealed value that does not open: wrong key, or a value altered or moved. Names the place, never the value. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message);
        }
    }

    private final SecretKeySpec key;

    private FieldCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("an AES-256 key is 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** For tests and tools that hold the key bytes themselves. */
    public static FieldCipher of(byte[] key) {
        return new FieldCipher(key.clone());
    }

    /** Whether {@code stored} is a sealed value (as opposed to a clear one written before sealing). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    public String seal(String plaintext, Place place) {
        if (plaintext == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(place.associatedData());
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("field cipher: AES-GCM is not available in this JDK", e);
        }
    }

    /**
     * The plaintext of {@code stored}; a value without the prefix (written before sealing) as it is.
     *
     * @throws Unreadable when a sealed value does not open with this key at this place
     */
    public String open(String stored, Place place) {
        if (!isSealed(stored)) {
            return stored;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new Unreadable(place + ": the sealed value is damaged (not base64)");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new Unreadable(place + ": the sealed value is damaged (too short)");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            c.updateAAD(place.associatedData());
            return new String(c.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new Unreadable(place + ": does not open with this relay's field key (a different key, or a value "
                    + "altered or copied from another row)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("field cipher: AES-GCM is not available in this JDK", e);
        }
    }

    // ---- the key file

    /**
     * Reads the key file: base64 of 32 bytes, owner-only permissions (0600 or 0400).
     *
     * @throws IllegalArgumentException naming the file (never its content) when it is missing, open to group or
     *                                  others, or not a 32-byte base64 key
     */
    public static FieldCipher load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("field key file " + file + " does not exist (create it with: head -c 32 "
                    + "/dev/urandom | base64 > " + file + "; chmod 600 " + file + ")");
        }
        requireOwnerOnly(file);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new IllegalArgumentException("field key file " + file + " cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field key file " + file + " is not base64 (make it with: head -c 32 "
                    + "/dev/urandom | base64)");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("field key file " + file + " holds " + key.length
                    + " bytes; an AES-256 key is 32 (head -c 32 /dev/urandom | base64)");
        }
        try {
            return new FieldCipher(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The key in {@code file}, made first (32 random bytes, 0600) when there is none: the embedded default, beside a
     * SQLite database, so a one-machine relay seals with no set-up.
     */
    public static FieldCipher loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            try {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, ".field-key", ".tmp", ownerOnlyAttribute());
                try {
                    Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
                    Files.move(tmp, file); // never over a key another process made meanwhile
                } catch (FileAlreadyExistsException raced) {
                    // another process (the relay, the admin CLI) made it first: use theirs
                } finally {
                    Files.deleteIfExists(tmp);
                    Arrays.fill(key, (byte) 0);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("field key file " + file + " cannot be created", e);
            }
        }
        return load(file);
    }

    private static java.nio.file.attribute.FileAttribute<?>[] ownerOnlyAttribute() {
        if (!java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
        return new java.nio.file.attribute.FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }

    private static void requireOwnerOnly(Path file) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system (Windows): its ACLs are the operator's to set
        } catch (IOException e) {
            throw new IllegalArgumentException("field key file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Set<PosixFilePermission> open = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : perms) {
            if (p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_")) {
                open.add(p);
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("field key file " + file + " is open to others ("
                    + PosixFilePermissions.toString(perms) + "): make it owner-only with chmod 600 " + file);
        }
    }

    @Override
    public String toString() {
        return "FieldCipher[AES-256-GCM, key=***]";
    }
}
