package org.hearthgate.relay.access;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hearthgate.relay.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which field key a relay (or the admin CLI) seals with, in one place so both always agree: the configured
 * {@code security.fieldKeyFile}; else, for a SQLite database, {@code <database>.field-key} beside it, made on first
 * start (the demo and one-machine relays seal with no set-up); else (PostgreSQL without a key) none, with one WARN.
 */
public final class FieldKeys {
    private static final Logger LOG = LoggerFactory.getLogger(FieldKeys.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private FieldKeys() {
    }

    /** For tests: warn again, as a new process would. */
    static void forgetWarning() {
        WARNED.set(false);
    }

    /** The SQLite default: {@code relay.db} → {@code relay.db.field-key}. */
    public static Path besideDatabase(String sqliteFile) {
        Path db = Path.of(sqliteFile).toAbsolutePath();
        return db.resolveSibling(db.getFileName() + ".field-key");
    }

    /**
     * @param configured   {@code security.fieldKeyFile}, or null
     * @param db           the open database
     * @param databaseSpec what it was opened from (for SQLite: its file)
     * @param sealedCodes  whether the database already holds sealed values (a missing default key is then lost, not
     *                     new: made afresh it would open none of them)
     * @return the cipher, or null when codes are to be written in clear
     * @throws IllegalArgumentException naming the key file when it cannot be used
     */
    public static FieldCipher resolve(Path configured, Database db, String databaseSpec,
            java.util.function.BooleanSupplier sealedCodes) {
        if (configured != null) {
            return FieldCipher.load(configured);
        }
        if (db.dialect() == Database.Dialect.SQLITE) {
            Path file = besideDatabase(databaseSpec);
            if (!Files.exists(file) && sealedCodes.getAsBoolean()) {
                throw new IllegalArgumentException("field key file " + file + " is missing, but the database holds "
                        + "key-safe codes sealed with it: restore it from its backup (or name it in "
                        + "security.fieldKeyFile)");
            }
            return FieldCipher.loadOrCreate(file);
        }
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("security.fieldKeyFile is not set: residents' key-safe codes are stored in clear in the "
                    + "database. Create a key (head -c 32 /dev/urandom | base64 > field.key; chmod 600 field.key), "
                    + "give every relay the same file in security.fieldKeyFile, and back it up apart from the "
                    + "database (docs/deploy-cloud.md)");
        }
        return null;
    }
}
