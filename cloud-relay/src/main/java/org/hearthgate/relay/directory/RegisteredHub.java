package org.hearthgate.relay.directory;

import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;

/**
 * A hub the directory knows, which makes it a hub the relay ingests from, and how the broker knows it: a Mosquitto
 * password hash ({@code $7$…}, PBKDF2-SHA512, as {@code mosquitto_passwd} writes it) for a password account named
 * {@code <tenant>/<hub>}, or the SHA-256 fingerprint of its client certificate (CN {@code <tenant>/<hub>}), or both.
 *
 * @param resident the resident it serves now, or null (in stock, between residents)
 */
public record RegisteredHub(TenantId tenant, HubId id, String passwordHash, String certificateFingerprint,
        ResidentId resident) {
    public RegisteredHub {
        Require.present(tenant, "tenant");
        Require.present(id, "id");
        if (passwordHash == null && certificateFingerprint == null) {
            throw new IllegalArgumentException("passwordHash: a hub needs a passwordHash or a certificateFingerprint");
        }
        if (passwordHash != null && !passwordHash.matches("\\$7\\$[0-9]+\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+")) {
            throw new IllegalArgumentException("passwordHash: not a mosquitto $7$ hash (make one with "
                    + "mosquitto_passwd or ./hearthgate admin hub-password)");
        }
        if (certificateFingerprint != null) {
            certificateFingerprint = certificateFingerprint.replace(":", "").toLowerCase(java.util.Locale.ROOT);
            if (!certificateFingerprint.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("certificateFingerprint: not a SHA-256 fingerprint "
                        + "(openssl x509 -noout -fingerprint -sha256)");
            }
        }
    }
}
