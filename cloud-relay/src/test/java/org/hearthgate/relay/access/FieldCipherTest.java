package org.hearthgate.relay.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldCipherTest {
    private static final FieldCipher.Place PEGGY = new FieldCipher.Place("key_safe_code", "demo", "res-demo");
    private static final FieldCipher.Place ANN = new FieldCipher.Place("key_safe_code", "demo", "res-7f3a");

    private static FieldCipher cipher(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return FieldCipher.of(key);
    }

    @Test
    void aSealedValueHoldsNoPlaintextAndOpensAtItsPlace() {
        String sealed = cipher(1).seal("4721", PEGGY);

        assertThat(sealed).startsWith("hgenc1:").doesNotContain("4721");
        assertThat(Base64.getDecoder().decode(sealed.substring(7))).hasSize(12 + 4 + 16);
        assertThat(cipher(1).open(sealed, PEGGY)).isEqualTo("4721");
        assertThat(cipher(1).seal("4721", PEGGY)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void aValueMovedToAnotherRowAWrongKeyOrATamperedValueDoesNotOpenAndTheErrorNamesThePlaceOnly() {
        String sealed = cipher(1).seal("4721", PEGGY);

        assertThatThrownBy(() -> cipher(1).open(sealed, ANN)).isInstanceOf(FieldCipher.Unreadable.class)
                .hasMessageContaining("key_safe_code of demo/res-7f3a").hasMessageNotContaining("4721");
        assertThatThrownBy(() -> cipher(2).open(sealed, PEGGY)).isInstanceOf(FieldCipher.Unreadable.class)
                .hasMessageContaining("res-demo").hasMessageNotContaining("4721");
        char last = sealed.charAt(sealed.length() - 3);
        String tampered = sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A')
                + sealed.substring(sealed.length() - 2);
        assertThatThrownBy(() -> cipher(1).open(tampered, PEGGY)).isInstanceOf(FieldCipher.Unreadable.class);
        assertThatThrownBy(() -> cipher(1).open("hgenc1:%%%", PEGGY)).isInstanceOf(FieldCipher.Unreadable.class);
        assertThatThrownBy(() -> cipher(1).open("hgenc1:AAAA", PEGGY)).isInstanceOf(FieldCipher.Unreadable.class);
    }

    @Test
    void aValueWrittenBeforeSealingIsReturnedAsItIs() {
        assertThat(cipher(1).open("4721", PEGGY)).isEqualTo("4721");
        assertThat(cipher(1).open(null, PEGGY)).isNull();
        assertThat(FieldCipher.isSealed("4721")).isFalse();
    }

    @Test
    void theKeyFileMustBeOwnerOnlyAnd32BytesAndErrorsNameTheFileNotTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("field.key");
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        Files.writeString(file, key + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> FieldCipher.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("chmod 600")
                .hasMessageNotContaining(key);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> FieldCipher.load(file)).hasMessageContaining("open to others");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(FieldCipher.load(file).toString()).doesNotContain(key);
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> FieldCipher.load(file)).hasMessageContaining("holds 16 bytes");
        Files.writeString(file, "not base64!");
        assertThatThrownBy(() -> FieldCipher.load(file)).hasMessageContaining("is not base64");
        assertThatThrownBy(() -> FieldCipher.load(dir.resolve("none.key"))).hasMessageContaining("does not exist");
    }

    @Test
    void theDefaultKeyIsMadeOwnerOnlyOnceAndReused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("relay.db.field-key");
        String sealed = FieldCipher.loadOrCreate(file).seal("4721", PEGGY);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        String made = Files.readString(file);
        assertThat(FieldCipher.loadOrCreate(file).open(sealed, PEGGY)).as("a restart").isEqualTo("4721");
        assertThat(Files.readString(file)).isEqualTo(made);
        assertThat(dir.toFile().list()).containsExactly("relay.db.field-key");
    }
}
