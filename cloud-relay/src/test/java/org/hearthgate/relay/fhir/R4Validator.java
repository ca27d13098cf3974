package org.hearthgate.relay.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's instance validator against the base R4 profiles (no network, no terminology server: UCUM and the small
 * HL7 code systems are checked in memory). Building and warming it takes seconds, so the test classes share one.
 */
public final class R4Validator {
    private static R4Validator shared;

    private final FhirContext context = FhirContext.forR4Cached();
    private final FhirValidator validator;

    /** The one validator of this test JVM (FhirValidator is safe to share between threads). */
    public static synchronized R4Validator shared() {
        if (shared == null) {
            shared = new R4Validator();
        }
        return shared;
    }

    private R4Validator() {
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context));
        validator = context.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(support));
    }

    /** The error and fatal messages of validating the resource (as JSON, the way clients receive it). */
    List<String> errors(IBaseResource resource) {
        return errors(context.newJsonParser().encodeResourceToString(resource));
    }

    public List<String> errors(String json) {
        ValidationResult result = validator.validateWithResult(json);
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(R4Validator::describe)
                .toList();
    }

    /** Every message, warnings included, for looking at while writing tests. */
    List<String> all(IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream().map(R4Validator::describe).toList();
    }

    private static String describe(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
    }
}
