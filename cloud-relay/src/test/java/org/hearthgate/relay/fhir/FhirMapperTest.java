package org.hearthgate.relay.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FhirMapperTest {
    private static R4Validator validator;
    private final FhirMapper mapper = new FhirMapper(new ManualClock(Instant.parse("2026-12-01T10:00:00Z")));

    @BeforeAll
    static void buildValidator() {
        validator = R4Validator.shared();
    }

    static Stream<IBaseResource> everyResource() {
        FhirMapper m = new FhirMapper(new ManualClock(Instant.parse("2026-12-01T10:00:00Z")));
        String res = "res-7f3a";
        Resident bare = new Resident("res-2", null, null, new Resident.Name(null, List.of(), "Doe"), null, null, null,
                null, null);
        Everything all = new Everything(Examples.resident(res), List.of(Examples.hub(res), Examples.cuff(res)),
                Examples.oneOfEach(res), List.of(Examples.openFall(res), Examples.resolvedPress(res)));
        return Stream.of(
                Stream.<IBaseResource>of(m.patient(Examples.resident(res)), m.patient(bare),
                        m.device(Examples.hub(res)), m.device(Examples.cuff(res)),
                        m.flag(Examples.openFall(res)), m.flag(Examples.resolvedPress(res)),
                        m.everything("http://127.0.0.1:8080/fhir", "http://127.0.0.1:8080/fhir/Patient/" + res
                                + "/$everything", all),
                        m.searchset("http://127.0.0.1:8080/fhir", "http://127.0.0.1:8080/fhir/Flag?patient=" + res,
                                List.of()),
                        m.capabilityStatement("http://127.0.0.1:8080/fhir"),
                        m.outcome(OperationOutcome.IssueType.NOTFOUND, "No such resident")),
                Examples.oneOfEach(res).stream().map(m::observation))
                .flatMap(s -> s);
    }

    @ParameterizedTest
    @MethodSource("everyResource")
    void everyResourceValidatesAgainstTheBaseR4Profiles(IBaseResource resource) {
        assertThat(validator.errors(resource)).as(resource.fhirType() + " " + mapper.json(resource)).isEmpty();
    }

    /** The check above must be able to fail: a vital sign without a status, or a BP off its profile's unit, is refused. */
    @Test
    void validatorRefusesAnIncompleteVitalSign() {
        Observation broken = mapper.observation(Examples.bloodPressure("r-bp", "res-1", Examples.AT));
        broken.setStatus(null);
        broken.getComponent().get(0).getValueQuantity().setCode("kPa").setUnit("kPa");

        assertThat(validator.errors(broken)).isNotEmpty();
    }

    @Test
    void patientCarriesTheNhsNumberWithUkCoreVerificationStatus() {
        Patient p = mapper.patient(Examples.resident("res-7f3a"));

        Identifier nhs = p.getIdentifier().stream()
                .filter(i -> FhirMapper.NHS_NUMBER_SYSTEM.equals(i.getSystem())).findFirst().orElseThrow();
        assertThat(FhirMapper.NHS_NUMBER_SYSTEM).isEqualTo("https://fhir.nhs.uk/Id/nhs-number");
        assertThat(nhs.getValue()).isEqualTo(Examples.NHS_NUMBER);
        CodeableConcept status = (CodeableConcept) nhs.getExtensionByUrl(
                "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus").getValue();
        assertThat(status.getCodingFirstRep().getSystem())
                .isEqualTo("https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland");
        assertThat(status.getCodingFirstRep().getCode()).isEqualTo("01");
        assertThat(p.getIdPart()).isEqualTo("res-7f3a");
        assertThat(p.getGeneralPractitionerFirstRep().getIdentifier().getValue()).isEqualTo("B86001");
        assertThat(p.getBirthDateElement().getValueAsString()).isEqualTo("1938-04-02");
    }

    /**
     * The directory validates NHS numbers (format, check digit, PDS trace); the FHIR face reports what it holds and
     * how far it is verified, and adds no check of its own: an untraced number with a wrong check digit goes out as
     * given, marked as not traced, and a resident without a number gets no NHS identifier at all.
     */
    @Test
    void nhsNumberIsReportedAsTheDirectoryHoldsItWithItsVerificationState() {
        Resident base = Examples.resident("res-1");
        Resident untraced = new Resident("res-1", "9990001234", NhsNumberVerification.NOT_TRACED, base.name(),
                base.birthDate(), base.gender(), base.address(), base.phone(), base.gp());
        Resident none = new Resident("res-1", null, null, base.name(), null, null, null, null, null);

        Identifier nhs = mapper.patient(untraced).getIdentifierFirstRep();
        assertThat(nhs.getSystem()).isEqualTo(FhirMapper.NHS_NUMBER_SYSTEM);
        assertThat(nhs.getValue()).isEqualTo("9990001234");
        assertThat(((CodeableConcept) nhs.getExtensionByUrl(NhsNumberVerification.EXTENSION).getValue())
                .getCodingFirstRep().getCode()).isEqualTo("02");
        assertThat(mapper.patient(none).getIdentifier()).extracting(Identifier::getSystem)
                .containsExactly(FhirMapper.RESIDENT_ID_SYSTEM);
        assertThatThrownBy(() -> new Resident("res-1", "9990001235", null, base.name(), null, null, null, null, null))
                .hasMessageContaining("verification");
    }

    @Test
    void bloodPressureIsThePanelWithSystolicAndDiastolicComponents() {
        Observation o = mapper.observation(Examples.bloodPressure("r-bp", "res-1", Examples.AT));

        assertThat(o.getCode().getCoding()).extracting(Coding::getSystem, Coding::getCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http://loinc.org", "85354-9"));
        assertThat(o.getComponent()).hasSize(2);
        assertThat(o.getComponent().get(0).getCode().getCodingFirstRep().getCode()).isEqualTo("8480-6");
        assertThat(o.getComponent().get(0).getValueQuantity().getValue()).isEqualByComparingTo("152");
        assertThat(o.getComponent().get(1).getCode().getCodingFirstRep().getCode()).isEqualTo("8462-4");
        assertThat(o.getComponent().get(1).getValueQuantity().getValue()).isEqualByComparingTo("96");
        assertThat(o.getComponent()).allSatisfy(c -> {
            assertThat(c.getValueQuantity().getSystem()).isEqualTo("http://unitsofmeasure.org");
            assertThat(c.getValueQuantity().getCode()).isEqualTo("mm[Hg]");
        });
        assertThat(o.hasValue()).isFalse();
        assertThat(o.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(o.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");
    }

    @Test
    void observationTakesTheDeviceTimeAndPointsAtTheSensorAndTheResident() {
        Observation o = mapper.observation(Examples.single("r-hr", "res-1", ReadingType.HEART_RATE,
                Quantity.of(72, Ucum.PER_MIN)));

        assertThat(o.getEffectiveDateTimeType().getValue().toInstant()).isEqualTo(Examples.AT);
        assertThat(o.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-30T08:15:30.250+00:00");
        assertThat(o.getDevice().getReference()).isEqualTo("Device/hub-7.cuff-1");
        assertThat(o.getSubject().getReference()).isEqualTo("Patient/res-1");
        assertThat(o.getCode().getCodingFirstRep().getCode()).isEqualTo("8867-4");
        assertThat(o.getValueQuantity().getCode()).isEqualTo("/min");
        assertThat(o.hasInterpretation()).isFalse();
    }

    @Test
    void aCuffInKilopascalsIsExportedInMillimetresOfMercury() {
        Observation o = mapper.observation(new Reading("r-1", "res-1", "cuff", ReadingType.BLOOD_PRESSURE,
                Examples.AT, new Reading.Pressure(Quantity.of(16.0, Ucum.KPA), Quantity.of(10.7, Ucum.KPA)), null));

        assertThat(o.getComponent().get(0).getValueQuantity().getValue()).isEqualByComparingTo("120.0");
        assertThat(o.getComponent().get(1).getValueQuantity().getValue()).isEqualByComparingTo("80.3");
        assertThat(o.getComponent().get(1).getValueQuantity().getCode()).isEqualTo("mm[Hg]");
    }

    @Test
    void oximeterReadingCarriesBothSpo2Codes() {
        Observation o = mapper.observation(Examples.single("r-1", "res-1", ReadingType.OXYGEN_SATURATION,
                Quantity.of(95, Ucum.PERCENT)));

        assertThat(o.getCode().getCoding()).extracting(Coding::getCode).containsExactly("2708-6", "59408-5");
    }

    @Test
    void sensorDeviceHangsUnderItsGatewayInThePhdStyle() {
        Device cuff = mapper.device(Examples.cuff("res-1"));
        Device hub = mapper.device(Examples.hub("res-1"));

        assertThat(cuff.getParent().getReference()).isEqualTo("Device/hub-7");
        assertThat(cuff.getType().getCodingFirstRep().getCode()).isEqualTo("65573");
        assertThat(cuff.getType().getCodingFirstRep().getSystem()).isEqualTo("urn:iso:std:iso:11073:10101");
        assertThat(cuff.getManufacturer()).isEqualTo("Omron");
        assertThat(cuff.getSerialNumber()).isEqualTo("2019A123");
        assertThat(hub.getType().getCodingFirstRep().getCode()).isEqualTo("531981");
        assertThat(hub.hasParent()).isFalse();
    }

    @Test
    void openAlarmIsAnActiveFlagAndAClosedOneInactive() {
        Flag open = mapper.flag(Examples.openFall("res-1"));
        Flag closed = mapper.flag(Examples.resolvedPress("res-1"));

        assertThat(open.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
        assertThat(open.getCode().getCodingFirstRep().getCode()).isEqualTo("FALL_DETECTED");
        assertThat(open.getCode().getText()).isEqualTo("Fall detected by the wrist sensor");
        assertThat(open.getSubject().getReference()).isEqualTo("Patient/res-1");
        assertThat(open.getPeriod().getStartElement().getValue().toInstant()).isEqualTo(Examples.AT);
        assertThat(closed.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
        assertThat(closed.getCode().getText()).isEqualTo("Personal trigger");
    }

    @Test
    void everythingHoldsThePatientThenItsDevicesReadingsAndAlarmsWithFullUrls() {
        String res = "res-1";
        Bundle b = mapper.everything("https://relay.example/fhir", "https://relay.example/fhir/Patient/res-1/$everything",
                new Everything(Examples.resident(res), List.of(Examples.hub(res), Examples.cuff(res)),
                        Examples.oneOfEach(res), List.of(Examples.openFall(res))));

        assertThat(b.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(b.getEntry()).extracting(e -> e.getResource().fhirType()).startsWith("Patient", "Device", "Device")
                .endsWith("Flag").hasSize(1 + 2 + 8 + 1);
        assertThat(b.getEntryFirstRep().getFullUrl()).isEqualTo("https://relay.example/fhir/Patient/res-1");
        assertThat(b.getTimestamp().toInstant().atOffset(ZoneOffset.UTC).getYear()).isEqualTo(2026);
    }

    @Test
    void aWireObservationBecomesAReadingOnlyWhenItIsAVitalSign() {
        var cuff = org.hearthgate.contract.DeviceId.of("cuff-1");
        var bp = new org.hearthgate.contract.obs.BloodPressure(cuff, Examples.AT, Quantity.of(128, Ucum.MM_HG),
                Quantity.of(82, Ucum.MM_HG), null, Quantity.of(70, Ucum.PER_MIN), null, null);
        var motion = new org.hearthgate.contract.obs.Motion(org.hearthgate.contract.DeviceId.of("pir-1"), Examples.AT,
                "hall", true);

        Reading r = Reading.of("m-1", "res-1", "hub-7.cuff-1", bp, null).orElseThrow();

        assertThat(r.type()).isEqualTo(ReadingType.BLOOD_PRESSURE);
        assertThat(r.at()).isEqualTo(Examples.AT);
        assertThat(r.value()).isEqualTo(new Reading.Pressure(Quantity.of(128, Ucum.MM_HG), Quantity.of(82, Ucum.MM_HG)));
        assertThat(Reading.of("m-2", "res-1", "hub-7.pir-1", motion, null)).isEmpty();
        assertThat(ReadingType.ofKind(org.hearthgate.contract.obs.OxygenSaturation.class))
                .contains(ReadingType.OXYGEN_SATURATION);
    }

    @Test
    void readingRefusesAValueThatDoesNotFitItsType() {
        assertThatThrownBy(() -> Examples.single("r-1", "res-1", ReadingType.BLOOD_PRESSURE,
                Quantity.of(120, Ucum.MM_HG))).hasMessageContaining("systolic and diastolic");
        assertThatThrownBy(() -> Examples.single("r-1", "res-1", ReadingType.HEART_RATE, Quantity.of(72, Ucum.KG)))
                .hasMessageContaining("not a unit of HEART_RATE");
        assertThatThrownBy(() -> Examples.single("r:1", "res-1", ReadingType.HEART_RATE,
                Quantity.of(72, Ucum.PER_MIN))).hasMessageContaining("not a FHIR id");
    }
}
