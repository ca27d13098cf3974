package org.hearthgate.relay.fhir;

/**
 * UK Core's NHS number verification status (CodeSystem {@value #SYSTEM}), carried on the Patient's NHS number
 * identifier in the extension {@value #EXTENSION}. The directory decides the state (after a PDS trace); this package
 * only reports it.
 */
public enum NhsNumberVerification {
    VERIFIED("01", "Number present and verified"),
    NOT_TRACED("02", "Number present but not traced"),
    TRACE_REQUIRED("03", "Trace required"),
    TRACE_NO_MATCH("04", "Trace attempted - No match or multiple match found"),
    TRACE_TO_RESOLVE("05", "Trace needs to be resolved - (NHS number or patient detail conflict)"),
    TRACE_IN_PROGRESS("06", "Trace in progress"),
    NOT_PRESENT("07", "Number not present and trace not required"),
    TRACE_POSTPONED("08", "Trace postponed (baby under six weeks old)");

    public static final String EXTENSION =
            "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
    public static final String SYSTEM = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland";

    private final String code;
    private final String display;

    NhsNumberVerification(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }
}
