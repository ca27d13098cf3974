package org.hearthgate.relay.fhir;

import java.util.regex.Pattern;

/** FHIR's logical id shape (R4 datatype {@code id}); every resource this package builds carries one. */
final class FhirIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private FhirIds() {
    }

    static boolean valid(String value) {
        return value != null && ID.matcher(value).matches();
    }

    static String check(String value, String field) {
        if (!valid(value)) {
            throw new IllegalArgumentException(field + ": is not a FHIR id (1-64 of A-Z a-z 0-9 - .)");
        }
        return value;
    }
}
