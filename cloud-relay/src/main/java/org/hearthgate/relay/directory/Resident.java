package org.hearthgate.relay.directory;

import java.time.LocalDate;
import java.util.List;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;

/**
 * A person who lives at home with a hub. The hub knows only {@code id} (pseudonymous); everything else stays in the
 * cloud's directory.
 *
 * @param nhsNumber       10 digits, Modulus 11 checked; may be null before it is known
 * @param nhsVerification UK Core's NHS number verification status code (e.g. "01" number present and verified)
 */
public record Resident(TenantId tenant, ResidentId id, String givenName, String familyName, String preferredName,
        LocalDate birthDate, Address address, String phone, String nhsNumber, String nhsVerification,
        SafetyInfo safety, String gp) {

    public record Address(List<String> lines, String town, String postcode) {
    }

    /**
     * What a responder needs before going in.
     *
     * <p>{@code keySafeCode} is stored sealed under the relay's field key ({@code security.fieldKeyFile}). When the
     * stored code does not open (another key, or a value altered or copied from another row) the record carries
     * {@code keySafeCode} null and {@code keySafeCodeUnreadable} true, and the card says "cannot be read: check the
     * relay's field key" instead of failing. The flag is read-only: a write never sets it, and a write without a
     * code keeps an unreadable stored code rather than erasing it (a new code replaces it).
     */
    public record SafetyInfo(String accessInstructions, String keySafeCode, boolean dnacpr, String endOfLifeWishes,
            List<String> allergies, List<String> conditions, List<String> languages, boolean keySafeCodeUnreadable) {
        public SafetyInfo(String accessInstructions, String keySafeCode, boolean dnacpr, String endOfLifeWishes,
                List<String> allergies, List<String> conditions, List<String> languages) {
            this(accessInstructions, keySafeCode, dnacpr, endOfLifeWishes, allergies, conditions, languages, false);
        }

        /** The same, the stored code marked as present but not readable with this relay's key. */
        SafetyInfo unreadableCode() {
            return new SafetyInfo(accessInstructions, null, dnacpr, endOfLifeWishes, allergies, conditions, languages,
                    true);
        }
    }

    /** The name a message or the console shows first: the preferred name, else the given name. */
    public String calledName() {
        return preferredName != null && !preferredName.isBlank() ? preferredName : givenName;
    }
}
