package org.hearthgate.relay.directory;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.hearthgate.contract.Require;

/**
 * What makes a resident or an account fit to store, in one place for the admin API and the import: each check
 * throws {@code IllegalArgumentException("field: reason")}, and a fit record comes back normalised (NHS number as
 * digits, no null lists, blank text as null) so that what is read back equals what was written.
 */
final class DirectoryRules {
    /** UK Core NHS number verification status codes (01 present and verified … 08 trace postponed). */
    static final Set<String> NHS_VERIFICATION = Set.of("01", "02", "03", "04", "05", "06", "07", "08");

    private DirectoryRules() {
    }

    static Resident resident(Resident r, java.time.Clock clock) {
        Require.present(r.tenant(), "tenant");
        Require.present(r.id(), "id");
        String given = Require.text(blankToNull(r.givenName()), 100, "givenName");
        String family = Require.text(blankToNull(r.familyName()), 100, "familyName");
        String preferred = Require.optionalText(blankToNull(r.preferredName()), 100, "preferredName");
        LocalDate born = r.birthDate();
        if (born != null && (born.isAfter(LocalDate.now(clock)) || born.getYear() < 1880)) {
            throw new IllegalArgumentException("birthDate: " + born + " is not a plausible date of birth");
        }
        Resident.Address a = r.address() == null ? new Resident.Address(List.of(), null, null) : r.address();
        List<String> lines = texts(a.lines(), 6, 200, "address.lines");
        Resident.Address address = new Resident.Address(lines,
                Require.optionalText(blankToNull(a.town()), 100, "address.town"),
                postcode(blankToNull(a.postcode())));
        String phone = phone(blankToNull(r.phone()), "phone");
        String nhs = blankToNull(r.nhsNumber()) == null ? null : NhsNumber.normalise(r.nhsNumber(), "nhsNumber");
        String verification = blankToNull(r.nhsVerification());
        if (verification != null && !NHS_VERIFICATION.contains(verification)) {
            throw new IllegalArgumentException("nhsVerification: '" + verification
                    + "' is not a UK Core verification status (01-08)");
        }
        if (nhs != null && verification == null) {
            verification = "02"; // present but not traced: onboarding before PDS has verified it
        }
        Resident.SafetyInfo s = r.safety() == null
                ? new Resident.SafetyInfo(null, null, false, null, List.of(), List.of(), List.of()) : r.safety();
        Resident.SafetyInfo safety = new Resident.SafetyInfo(
                Require.optionalText(blankToNull(s.accessInstructions()), 1000, "safety.accessInstructions"),
                Require.optionalText(blankToNull(s.keySafeCode()), 32, "safety.keySafeCode"),
                s.dnacpr(),
                Require.optionalText(blankToNull(s.endOfLifeWishes()), 2000, "safety.endOfLifeWishes"),
                texts(s.allergies(), 50, 200, "safety.allergies"),
                texts(s.conditions(), 50, 200, "safety.conditions"),
                texts(s.languages(), 10, 64, "safety.languages"));
        return new Resident(r.tenant(), r.id(), given, family, preferred, born, address, phone, nhs, verification,
                safety, Require.optionalText(blankToNull(r.gp()), 300, "gp"));
    }

    static Account account(Account a) {
        DirectoryIds.check(a.login(), "login");
        Require.present(a.tenant(), "tenant");
        Require.present(a.role(), "role");
        Require.present(a.passwordHash(), "passwordHash");
        if (!a.passwordHash().matches("pbkdf2\\$[0-9]+\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+")) {
            throw new IllegalArgumentException("passwordHash: not a pbkdf2 hash (./hearthgate cloud --hash-password)");
        }
        String totp = blankToNull(a.totpSecret());
        if (totp != null && !totp.matches("[A-Z2-7]{16,128}=*")) {
            throw new IllegalArgumentException("totpSecret: not a Base32 secret of at least 16 characters");
        }
        String contact = blankToNull(a.contactId()) == null ? null : DirectoryIds.check(a.contactId(), "contact");
        if (contact == null && !a.role().seesWholeTenant()) {
            throw new IllegalArgumentException("contact: a " + a.role() + " account must name its contact, "
                    + "or it would see no resident");
        }
        return new Account(a.login(), a.tenant(), a.role(), a.passwordHash(), totp, contact, a.disabled());
    }

    static Contact contact(Contact contact) {
        int i = 0;
        for (ContactPoint p : contact.channels()) {
            String field = "channels[" + i++ + "].address";
            switch (p.channel()) {
                case SMS -> phone(p.address(), field);
                case EMAIL -> {
                    if (!p.address().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                        throw new IllegalArgumentException(field + ": '" + p.address() + "' is not an e-mail address");
                    }
                }
                case WEBHOOK -> {
                    if (!p.address().startsWith("https://")) {
                        throw new IllegalArgumentException(field + ": a webhook must be an https:// URL");
                    }
                }
                case CONSOLE -> {
                    // the address is the console login or team the alarm queue shows it to
                }
            }
        }
        return contact;
    }

    /** E.164 or a UK number as typed; kept as given apart from surrounding space. */
    static String phone(String phone, String field) {
        if (phone != null && !phone.matches("\\+?[0-9][0-9 ()-]{5,24}")) {
            throw new IllegalArgumentException(field + ": '" + phone + "' is not a telephone number");
        }
        return phone;
    }

    private static String postcode(String postcode) {
        if (postcode != null && !postcode.matches("[A-Za-z0-9 ]{2,10}")) {
            throw new IllegalArgumentException("address.postcode: '" + postcode + "' is not a postcode");
        }
        return postcode;
    }

    private static List<String> texts(List<String> values, int maxItems, int maxLength, String field) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > maxItems) {
            throw new IllegalArgumentException(field + ": more than " + maxItems + " entries");
        }
        return values.stream().map(v -> Require.text(blankToNull(v), maxLength, field)).toList();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
