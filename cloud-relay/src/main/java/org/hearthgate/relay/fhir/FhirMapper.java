package org.hearthgate.relay.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.TimeZone;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.Priority;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Builds FHIR R4 resources from this package's input records: Patient (NHS number with UK Core's verification
 * status), vital-sign Observations (LOINC, UCUM, device time, sensor Device), gateway and sensor Devices in the
 * Personal Health Device IG's style, Flags for alarms, searchset Bundles and the server's CapabilityStatement.
 * Stateless apart from its clock; safe to share between threads.
 */
public final class FhirMapper {
    public static final String FHIR_JSON = "application/fhir+json";

    public static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
    public static final String ODS_ORGANISATION_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code";
    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String MDC = "urn:iso:std:iso:11073:10101";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    static final String FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category";
    /** R4 core extension for a Flag's priority, bound to {@value #FLAG_PRIORITY_CODES}. */
    static final String FLAG_PRIORITY = "http://hl7.org/fhir/StructureDefinition/flag-priority";
    static final String FLAG_PRIORITY_CODES = "http://hl7.org/fhir/flag-priority-code";

    /**
     * Hearthgate's own naming space for identifiers and codes that no national system covers (resident, device and
     * alarm ids; the social-alarm event codes of {@code EventCode}). Not yet a page anyone can open.
     */
    public static final String HEARTHGATE = "https://hearthgate.org/fhir";
    public static final String RESIDENT_ID_SYSTEM = HEARTHGATE + "/Id/resident";
    public static final String DEVICE_ID_SYSTEM = HEARTHGATE + "/Id/device";
    public static final String ALARM_ID_SYSTEM = HEARTHGATE + "/Id/alarm";
    public static final String EVENT_CODE_SYSTEM = HEARTHGATE + "/CodeSystem/event-code";

    /** 11073-10101 codes the PHD IG gives a gateway (AHD) and a sensor (SIMP) Device. */
    static final Coding PHD_GATEWAY = new Coding(MDC, "531981", "MDC_MOC_VMS_MDS_AHD");
    static final Coding PHD_SENSOR = new Coding(MDC, "65573", "MDC_MOC_VMS_MDS_SIMP");

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    /** HAPI's R4 context takes about a second and a good part of the heap to build: only on the first FHIR use. */
    private static final class R4 {
        static final FhirContext CONTEXT = FhirContext.forR4Cached();
    }
    private final Clock clock;

    public FhirMapper(Clock clock) {
        this.clock = clock;
    }

    public Patient patient(Resident r) {
        Patient p = new Patient();
        p.setId(r.id());
        if (r.nhsNumber() != null) {
            Identifier nhs = p.addIdentifier().setSystem(NHS_NUMBER_SYSTEM).setValue(r.nhsNumber());
            NhsNumberVerification v = r.verification();
            nhs.addExtension(new Extension(NhsNumberVerification.EXTENSION, new CodeableConcept(
                    new Coding(NhsNumberVerification.SYSTEM, v.code(), v.display()))));
        }
        p.addIdentifier().setSystem(RESIDENT_ID_SYSTEM).setValue(r.id());
        HumanName name = p.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(r.name().family());
        r.name().given().forEach(name::addGiven);
        if (r.name().prefix() != null) {
            name.addPrefix(r.name().prefix());
        }
        if (r.birthDate() != null) {
            p.setBirthDateElement(new DateType(r.birthDate().toString()));
        }
        if (r.gender() != null) {
            p.setGender(switch (r.gender()) {
                case MALE -> Enumerations.AdministrativeGender.MALE;
                case FEMALE -> Enumerations.AdministrativeGender.FEMALE;
                case OTHER -> Enumerations.AdministrativeGender.OTHER;
                case UNKNOWN -> Enumerations.AdministrativeGender.UNKNOWN;
            });
        }
        if (r.address() != null) {
            Resident.Address a = r.address();
            org.hl7.fhir.r4.model.Address address = p.addAddress().setUse(org.hl7.fhir.r4.model.Address.AddressUse.HOME)
                    .setType(org.hl7.fhir.r4.model.Address.AddressType.BOTH)
                    .setCity(a.town()).setDistrict(a.district()).setPostalCode(a.postcode());
            a.lines().forEach(address::addLine);
        }
        if (r.phone() != null) {
            p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.HOME)
                    .setValue(r.phone());
        }
        if (r.gp() != null) {
            p.addGeneralPractitioner(new Reference().setType("Organization")
                    .setIdentifier(new Identifier().setSystem(ODS_ORGANISATION_SYSTEM).setValue(r.gp().odsCode()))
                    .setDisplay(r.gp().name()));
        }
        return p;
    }

    public Observation observation(Reading r) {
        Observation o = new Observation();
        o.setId(r.id());
        o.getMeta().addProfile(r.type().profile());
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")));
        CodeableConcept code = new CodeableConcept(new Coding(LOINC, r.type().loinc(), r.type().display()));
        if (r.type() == ReadingType.OXYGEN_SATURATION) {
            code.addCoding(new Coding(LOINC, ReadingType.SPO2_BY_PULSE_OXIMETRY_LOINC,
                    "Oxygen saturation in Arterial blood by Pulse oximetry"));
        }
        o.setCode(code.setText(r.type().display()));
        o.setSubject(new Reference("Patient/" + r.residentId()));
        o.setEffective(dateTime(r.at()));
        o.setDevice(new Reference("Device/" + r.deviceId()));
        switch (r.value()) {
            case Reading.Single s -> o.setValue(quantity(s.quantity()));
            case Reading.Pressure bp -> {
                // The vital-signs BP profile fixes both components to mm[Hg]; a cuff set to kPa is converted.
                o.addComponent().setCode(new CodeableConcept(new Coding(LOINC, ReadingType.SYSTOLIC_LOINC,
                        "Systolic blood pressure"))).setValue(mmHg(bp.systolic()));
                o.addComponent().setCode(new CodeableConcept(new Coding(LOINC, ReadingType.DIASTOLIC_LOINC,
                        "Diastolic blood pressure"))).setValue(mmHg(bp.diastolic()));
            }
        }
        if (r.interpretation() != null) {
            Reading.Interpretation.Code c = r.interpretation().code();
            o.addInterpretation(new CodeableConcept(new Coding(INTERPRETATION, c.code(), c.display()))
                    .setText(r.interpretation().rule()));
        }
        return o;
    }

    public Device device(HomeDevice d) {
        Device device = new Device();
        device.setId(d.id());
        device.addIdentifier().setSystem(DEVICE_ID_SYSTEM).setValue(d.id());
        device.setType(new CodeableConcept(switch (d.kind()) {
            case GATEWAY -> PHD_GATEWAY.copy();
            case SENSOR -> PHD_SENSOR.copy();
        }));
        device.setManufacturer(d.manufacturer());
        device.setModelNumber(d.model());
        device.setSerialNumber(d.serial());
        if (d.parentId() != null) {
            device.setParent(new Reference("Device/" + d.parentId()));
        }
        return device;
    }

    public Flag flag(Alarm a) {
        Flag f = new Flag();
        f.setId(a.id());
        f.addIdentifier().setSystem(ALARM_ID_SYSTEM).setValue(a.id());
        f.setStatus(a.state().isOpen() ? Flag.FlagStatus.ACTIVE : Flag.FlagStatus.INACTIVE);
        f.addCategory(new CodeableConcept(new Coding(FLAG_CATEGORY, "safety", "Safety")));
        f.setCode(new CodeableConcept(new Coding(EVENT_CODE_SYSTEM, a.code().name(), words(a.code().name())))
                .setText(a.summary() != null ? a.summary() : words(a.code().name())));
        f.setSubject(new Reference("Patient/" + a.residentId()));
        f.setPeriod(new Period().setStartElement(dateTime(a.raisedAt())));
        f.addExtension(new Extension(FLAG_PRIORITY, new CodeableConcept(flagPriority(a.priority()))));
        return f;
    }

    /** R4's flag priority has four steps; our CRITICAL and HIGH both say "high priority". */
    private static Coding flagPriority(Priority p) {
        return switch (p) {
            case CRITICAL, HIGH -> new Coding(FLAG_PRIORITY_CODES, "PH", "High priority");
            case MEDIUM -> new Coding(FLAG_PRIORITY_CODES, "PM", "Medium priority");
            case LOW -> new Coding(FLAG_PRIORITY_CODES, "PL", "Low priority");
            case INFO -> new Coding(FLAG_PRIORITY_CODES, "PN", "No alarm");
        };
    }

    /**
     * A searchset Bundle of the resources a search matched.
     *
     * @param base    the server's FHIR base URL ({@code https://host/fhir}), for each entry's fullUrl
     * @param selfUrl the search as asked
     */
    public Bundle searchset(String base, String selfUrl, Collection<? extends Resource> matches) {
        Bundle b = bundle(selfUrl);
        for (Resource r : matches) {
            entry(b, base, r, Bundle.SearchEntryMode.MATCH);
        }
        b.setTotal(matches.size());
        return b;
    }

    /** {@code Patient/$everything}: the Patient (the match), then its devices, readings and alarms (included). */
    public Bundle everything(String base, String selfUrl, Everything e) {
        Bundle b = bundle(selfUrl);
        entry(b, base, patient(e.resident()), Bundle.SearchEntryMode.MATCH);
        e.devices().forEach(d -> entry(b, base, device(d), Bundle.SearchEntryMode.INCLUDE));
        e.readings().forEach(r -> entry(b, base, observation(r), Bundle.SearchEntryMode.INCLUDE));
        e.alarms().forEach(a -> entry(b, base, flag(a), Bundle.SearchEntryMode.INCLUDE));
        b.setTotal(1);
        return b;
    }

    /** What this server does: the reads and searches {@link FhirRoutes} mounts, JSON only. */
    public CapabilityStatement capabilityStatement(String base) {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setName("HearthgateRelay");
        cs.setTitle("Hearthgate cloud relay FHIR API");
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setDateElement(dateTime(clock.instant()));
        cs.setPublisher("Hearthgate");
        cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        cs.getSoftware().setName("Hearthgate cloud relay");
        cs.getImplementation().setDescription("Telecare readings, devices and alarms of residents").setUrl(base);
        cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        cs.addFormat(FHIR_JSON);
        cs.addFormat("json");
        CapabilityStatement.CapabilityStatementRestComponent rest = cs.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setDescription("Every read needs a signed-in user whose role may see the resident;"
                + " each read of personal data is audited.");
        CapabilityStatement.CapabilityStatementRestResourceComponent patient = resource(rest, "Patient",
                CapabilityStatement.TypeRestfulInteraction.READ);
        patient.addOperation().setName("everything")
                .setDefinition("http://hl7.org/fhir/OperationDefinition/Patient-everything");
        CapabilityStatement.CapabilityStatementRestResourceComponent observation = resource(rest, "Observation",
                CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
        searchParam(observation, "patient", Enumerations.SearchParamType.REFERENCE, "Required: the resident");
        searchParam(observation, "code", Enumerations.SearchParamType.TOKEN, "LOINC code(s), comma-separated");
        searchParam(observation, "date", Enumerations.SearchParamType.DATE, "ge, gt, le, lt or eq; repeatable");
        resource(rest, "Device", CapabilityStatement.TypeRestfulInteraction.READ);
        CapabilityStatement.CapabilityStatementRestResourceComponent flag = resource(rest, "Flag",
                CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
        searchParam(flag, "patient", Enumerations.SearchParamType.REFERENCE, "Required: the resident; open alarms");
        return cs;
    }

    public OperationOutcome outcome(OperationOutcome.IssueType type, String diagnostics) {
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
        return oo;
    }

    /** The resource as FHIR JSON. */
    public String json(IBaseResource resource) {
        return context().newJsonParser().encodeResourceToString(resource);
    }

    public FhirContext context() {
        return R4.CONTEXT;
    }

    private Bundle bundle(String selfUrl) {
        Bundle b = new Bundle();
        b.setType(Bundle.BundleType.SEARCHSET);
        b.setTimestamp(Date.from(clock.instant()));
        b.addLink().setRelation("self").setUrl(selfUrl);
        return b;
    }

    private static void entry(Bundle b, String base, Resource r, Bundle.SearchEntryMode mode) {
        b.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r)
                .getSearch().setMode(mode);
    }

    private static CapabilityStatement.CapabilityStatementRestResourceComponent resource(
            CapabilityStatement.CapabilityStatementRestComponent rest, String type,
            CapabilityStatement.TypeRestfulInteraction interaction) {
        CapabilityStatement.CapabilityStatementRestResourceComponent r = rest.addResource().setType(type);
        r.addInteraction().setCode(interaction);
        return r;
    }

    private static void searchParam(CapabilityStatement.CapabilityStatementRestResourceComponent r, String name,
            Enumerations.SearchParamType type, String doc) {
        r.addSearchParam().setName(name).setType(type).setDocumentation(doc);
    }

    private static DateTimeType dateTime(Instant at) {
        return new DateTimeType(Date.from(at), TemporalPrecisionEnum.MILLI, UTC);
    }

    private static Quantity quantity(org.hearthgate.contract.Quantity q) {
        return new Quantity().setValue(BigDecimal.valueOf(q.value())).setUnit(q.unit().code()).setSystem(UCUM)
                .setCode(q.unit().code());
    }

    private static Quantity mmHg(org.hearthgate.contract.Quantity q) {
        BigDecimal value = q.unit() == Ucum.MM_HG ? BigDecimal.valueOf(q.value())
                : BigDecimal.valueOf(q.mmHg()).setScale(1, RoundingMode.HALF_UP);
        return new Quantity().setValue(value).setUnit(Ucum.MM_HG.code()).setSystem(UCUM).setCode(Ucum.MM_HG.code());
    }

    /** PERSONAL_TRIGGER → "Personal trigger". */
    private static String words(String constant) {
        String s = constant.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
