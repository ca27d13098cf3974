package org.hearthgate.relay.fhir;

import java.time.LocalDate;
import java.util.List;
import org.hearthgate.contract.Require;

/**
 * What the FHIR face needs of one resident, filled by the care directory. The NHS number arrives as the directory
 * holds it (already checked there, digits only) with its verification state; it is null when the resident has none
 * yet, and then the Patient carries no NHS number identifier.
 *
 * @param id          the resident's id, used as the Patient's logical id
 * @param nhsNumber   the NHS number, or null when there is none
 * @param verification how far the NHS number is verified (required when there is a number)
 * @param gender      null when not known
 * @param birthDate   null when not known
 * @param address     null when not known
 * @param phone       null when not known
 * @param gp          the registered GP practice, null when not known
 */
public record Resident(String id, String nhsNumber, NhsNumberVerification verification, Name name,
        LocalDate birthDate, Gender gender, Address address, String phone, GpPractice gp) {

    public Resident {
        FhirIds.check(id, "id");
        if (nhsNumber != null) {
            Require.present(verification, "verification");
        }
        Require.present(name, "name");
        Require.optionalText(phone, 32, "phone");
    }

    /** Name parts as the directory keeps them; prefix ("Mrs") may be null. */
    public record Name(String prefix, List<String> given, String family) {
        public Name {
            given = given == null ? List.of() : List.copyOf(given);
            if (family == null && given.isEmpty()) {
                throw new IllegalArgumentException("name: needs a family or a given name");
            }
        }
    }

    /** A UK postal address: street lines, town, optional county, postcode. */
    public record Address(List<String> lines, String town, String district, String postcode) {
        public Address {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** The registered GP practice: its ODS organisation code and name. */
    public record GpPractice(String odsCode, String name) {
        public GpPractice {
            Require.text(odsCode, 16, "gp.odsCode");
        }
    }

    /** Administrative gender, FHIR's four codes. */
    public enum Gender {
        MALE, FEMALE, OTHER, UNKNOWN
    }
}
