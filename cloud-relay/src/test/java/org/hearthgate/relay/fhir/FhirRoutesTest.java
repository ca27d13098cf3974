package org.hearthgate.relay.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The FHIR routes on a real Vert.x server on a loopback port, over an in-memory {@link FhirData}. */
class FhirRoutesTest {
    private static final String EDITH = "res-7f3a";
    private static final String OTHER = "res-2";
    private static final Instant T0 = Instant.parse("2026-03-10T09:00:00Z");

    record Audit(String user, String resident, String what) {
    }

    private static R4Validator validator;
    private static Vertx vertx;
    private static HttpServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final List<Audit> AUDITS = new CopyOnWriteArrayList<>();
    private static final String GONE = "res-gone";
    /** Which residents each test user may read (the nurse's list still has a resident the directory has dropped). */
    private static final Map<String, Set<String>> GRANTS = Map.of("nurse", Set.of(EDITH, OTHER, GONE),
            "family", Set.of(OTHER));
    private static volatile boolean auditBroken;
    private static InMemoryFhirData data;

    @BeforeAll
    static void start() throws Exception {
        validator = R4Validator.shared();
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        // Stands in for the relay's sign-in: the test names its user in a header.
        router.route("/fhir/*").handler(ctx -> {
            ctx.put("user", ctx.request().getHeader("x-test-user"));
            ctx.next();
        });
        FhirAccess access = (ctx, resident) -> GRANTS.getOrDefault((String) ctx.get("user"), Set.of()).contains(resident);
        FhirAudit audit = (ctx, resident, what) -> {
            if (auditBroken) {
                throw new IllegalStateException("audit store down");
            }
            AUDITS.add(new Audit(ctx.get("user"), resident, what));
        };
        data = new InMemoryFhirData();
        new FhirRoutes(data, access, audit, new FhirMapper(new ManualClock(Instant.parse("2026-12-01T10:00:00Z"))),
                ZoneId.of("Europe/London")).mount(router);
        server = vertx.createHttpServer().requestHandler(router);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void freshData() {
        AUDITS.clear();
        auditBroken = false;
        data.residents.clear();
        data.devices.clear();
        data.readings.clear();
        data.alarms.clear();
        data.calledOn.clear();
        data.leakAlarmsOf = null;
        data.residents.addAll(List.of(Examples.resident(EDITH), Examples.resident(OTHER)));
        data.devices.addAll(List.of(Examples.hub(EDITH), Examples.cuff(EDITH)));
        data.readings.addAll(List.of(
                Examples.bloodPressure("bp-1", EDITH, T0),
                Examples.bloodPressure("bp-2", EDITH, T0.plus(Duration.ofDays(1))),
                Examples.bloodPressure("bp-3", EDITH, T0.plus(Duration.ofDays(30))),
                new Reading("hr-1", EDITH, "hub-7.cuff-1", ReadingType.HEART_RATE, T0,
                        new Reading.Single(Quantity.of(64, Ucum.PER_MIN)), null),
                Examples.bloodPressure("bp-other", OTHER, T0)));
        data.alarms.addAll(List.of(Examples.openFall(EDITH), Examples.resolvedPress(EDITH)));
    }

    @Test
    void metadataIsAValidCapabilityStatement() throws Exception {
        HttpResponse<String> r = get("/fhir/metadata", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/fhir+json"));
        CapabilityStatement cs = parse(r, CapabilityStatement.class);
        assertThat(cs.getRestFirstRep().getResource()).extracting(c -> c.getType())
                .containsExactly("Patient", "Observation", "Device", "Flag");
        assertThat(cs.getImplementation().getUrl()).isEqualTo(url("/fhir"));
    }

    @Test
    void patientReadCarriesTheNhsNumberAndIsAudited() throws Exception {
        HttpResponse<String> r = get("/fhir/Patient/" + EDITH, "nurse");

        assertThat(r.statusCode()).isEqualTo(200);
        Patient p = parse(r, Patient.class);
        assertThat(p.getIdentifierFirstRep().getSystem()).isEqualTo("https://fhir.nhs.uk/Id/nhs-number");
        assertThat(p.getIdentifierFirstRep().getValue()).isEqualTo(Examples.NHS_NUMBER);
        assertThat(AUDITS).containsExactly(new Audit("nurse", EDITH, "/fhir/Patient/" + EDITH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/fhir/Patient/res-7f3a", "/fhir/Patient/res-7f3a/$everything",
            "/fhir/Observation?patient=res-7f3a", "/fhir/Observation?patient=Patient/res-7f3a&code=85354-9",
            "/fhir/Device/hub-7.cuff-1", "/fhir/Flag?patient=res-7f3a"})
    void aCallerTheAccessCheckRefusesGets403AndNothingIsAudited(String path) throws Exception {
        HttpResponse<String> r = get(path, "family");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(parse(r, OperationOutcome.class).getIssueFirstRep().getCode())
                .isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
        assertThat(r.body()).doesNotContain(Examples.NHS_NUMBER).doesNotContain("Edith");
        assertThat(AUDITS).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/fhir/Patient/res-7f3a", "/fhir/Patient/res-7f3a/$everything",
            "/fhir/Observation?patient=res-7f3a", "/fhir/Device/hub-7.cuff-1", "/fhir/Flag?patient=res-7f3a"})
    void everyReadIsAuditedWithWhoWhomAndWhatAndRunsOnAWorkerThread(String path) throws Exception {
        HttpResponse<String> r = get(path, "nurse");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(AUDITS).containsExactly(new Audit("nurse", EDITH, path));
        assertThat(data.calledOn).isNotEmpty().containsOnly("worker");
    }

    @Test
    void aReadWhoseAuditFailsIsNotSent() throws Exception {
        auditBroken = true;

        HttpResponse<String> r = get("/fhir/Patient/" + EDITH, "nurse");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(parse(r, OperationOutcome.class).getIssueFirstRep().getCode())
                .isEqualTo(OperationOutcome.IssueType.EXCEPTION);
        assertThat(r.body()).doesNotContain(Examples.NHS_NUMBER);
    }

    @Test
    void aDataSourceThatHandsBackAnotherResidentsRecordsGetsA500NotALeak() throws Exception {
        data.alarms.add(new Alarm("a-9", OTHER, org.hearthgate.contract.alarm.EventCode.PULL_CORD,
                org.hearthgate.contract.alarm.Priority.CRITICAL, org.hearthgate.contract.alarm.AlarmState.RAISED, T0,
                "Pull cord in the bathroom"));
        data.leakAlarmsOf = OTHER;

        HttpResponse<String> flags = get("/fhir/Flag?patient=" + EDITH, "nurse");

        assertThat(flags.statusCode()).isEqualTo(500);
        assertThat(flags.body()).doesNotContain("bathroom");
        assertThat(AUDITS).isEmpty();
    }

    @Test
    void unknownPatientAndDeviceAre404() throws Exception {
        HttpResponse<String> patient = get("/fhir/Patient/" + GONE, "nurse");
        HttpResponse<String> everything = get("/fhir/Patient/" + GONE + "/$everything", "nurse");
        HttpResponse<String> device = get("/fhir/Device/none", "nurse");

        assertThat(List.of(patient, everything, device)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(parse(r, OperationOutcome.class).getIssueFirstRep().getCode())
                    .isEqualTo(OperationOutcome.IssueType.NOTFOUND);
        });
        assertThat(AUDITS).isEmpty();
    }

    /** Access is asked before the directory, so a refused caller cannot learn which residents exist. */
    @Test
    void aRefusedCallerCannotTellAnUnknownResidentFromAKnownOne() throws Exception {
        assertThat(get("/fhir/Patient/" + GONE, "family").statusCode()).isEqualTo(403);
        assertThat(get("/fhir/Patient/" + EDITH, "family").statusCode()).isEqualTo(403);
        assertThat(data.calledOn).isEmpty();
    }

    @Test
    void observationSearchByLoincCodeAndDateRangeGivesTheMatchingBloodPressures() throws Exception {
        HttpResponse<String> r = get("/fhir/Observation?patient=" + EDITH + "&code="
                + enc("http://loinc.org|85354-9") + "&date=ge2026-03-10&date=le2026-03-11", "nurse");

        assertThat(r.statusCode()).isEqualTo(200);
        Bundle b = parse(r, Bundle.class);
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(b.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly("bp-1", "bp-2");
        assertThat(b.getTotal()).isEqualTo(2);
        Observation bp = (Observation) b.getEntryFirstRep().getResource();
        assertThat(bp.getCode().getCodingFirstRep().getCode()).isEqualTo("85354-9");
        assertThat(bp.getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode())
                .containsExactly("8480-6", "8462-4");
        assertThat(b.getEntryFirstRep().getFullUrl()).isEqualTo(url("/fhir/Observation/bp-1"));
    }

    @Test
    void observationSearchWithoutCodeOrDateGivesEveryReadingOfThatResidentOnly() throws Exception {
        Bundle b = parse(get("/fhir/Observation?patient=" + EDITH, "nurse"), Bundle.class);

        assertThat(b.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactlyInAnyOrder("bp-1", "bp-2", "bp-3", "hr-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://snomed.info/sct|75367002", "http://snomed.info/sct|8867-4", "|8867-4", "9279-1"})
    void observationSearchByACodeWeDoNotKeepMatchesNothing(String code) throws Exception {
        Bundle b = parse(get("/fhir/Observation?patient=" + EDITH + "&code=" + enc(code), "nurse"), Bundle.class);

        assertThat(b.getEntry()).isEmpty();
        assertThat(b.getTotal()).isZero();
        assertThat(AUDITS).hasSize(1);
    }

    @Test
    void severalCodesAreAlternatives() throws Exception {
        Bundle b = parse(get("/fhir/Observation?patient=" + EDITH + "&code=" + enc("8867-4,http://loinc.org|85354-9")
                + "&date=lt2026-03-11", "nurse"), Bundle.class);

        assertThat(b.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly("bp-1", "hr-1");
    }

    @Test
    void observationSearchWithAnExactInstantAndOffset() throws Exception {
        Bundle b = parse(get("/fhir/Observation?patient=" + EDITH + "&code=8867-4&date="
                + enc("2026-03-10T09:00:00+00:00"), "nurse"), Bundle.class);

        assertThat(b.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly("hr-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/fhir/Observation", "/fhir/Observation?patient=a&patient=b",
            "/fhir/Observation?patient=res-7f3a&date=2026-13-01", "/fhir/Observation?patient=res-7f3a&date=sa2026",
            "/fhir/Observation?patient=res-7f3a&date=2026-03-01T10:00", "/fhir/Observation?patient=res-7f3a&dat=2026",
            "/fhir/Observation?patient=res_7f3a", "/fhir/Flag", "/fhir/Patient/res-7f3a?_format=xml"})
    void badParametersAre400WithAnOperationOutcome(String path) throws Exception {
        HttpResponse<String> r = get(path, "nurse");

        assertThat(r.statusCode()).isEqualTo(400);
        OperationOutcome oo = parse(r, OperationOutcome.class);
        assertThat(oo.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.INVALID);
        assertThat(oo.getIssueFirstRep().getDiagnostics()).isNotBlank();
        assertThat(AUDITS).isEmpty();
    }

    @Test
    void flagSearchGivesTheOpenAlarmsAsActiveFlags() throws Exception {
        Bundle b = parse(get("/fhir/Flag?patient=" + EDITH, "nurse"), Bundle.class);

        assertThat(b.getEntry()).hasSize(1);
        Flag f = (Flag) b.getEntryFirstRep().getResource();
        assertThat(f.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
        assertThat(f.getCode().getCodingFirstRep().getCode()).isEqualTo("FALL_DETECTED");
    }

    @Test
    void deviceReadGivesTheSensorUnderItsGateway() throws Exception {
        Device cuff = parse(get("/fhir/Device/hub-7.cuff-1", "nurse"), Device.class);
        Device hub = parse(get("/fhir/Device/hub-7", "nurse"), Device.class);

        assertThat(cuff.getParent().getReference()).isEqualTo("Device/hub-7");
        assertThat(hub.getType().getCodingFirstRep().getDisplay()).isEqualTo("MDC_MOC_VMS_MDS_AHD");
    }

    @Test
    void everythingExportsTheResidentsWholeRecordAndNoOneElses() throws Exception {
        Bundle b = parse(get("/fhir/Patient/" + EDITH + "/$everything", "nurse"), Bundle.class);

        assertThat(b.getEntry()).extracting(e -> e.getResource().fhirType() + "/" + e.getResource().getIdElement()
                .getIdPart()).containsExactly("Patient/res-7f3a", "Device/hub-7", "Device/hub-7.cuff-1",
                        "Observation/bp-1", "Observation/hr-1", "Observation/bp-2", "Observation/bp-3", "Flag/a-1",
                        "Flag/a-2");
    }

    @Test
    void anOperationOrPathThisServerLacksIsAnOperationOutcome() throws Exception {
        HttpResponse<String> op = get("/fhir/Patient/" + EDITH + "/$validate", "nurse");
        HttpResponse<String> type = get("/fhir/Encounter?patient=" + EDITH, "nurse");

        assertThat(List.of(op, type)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(parse(r, OperationOutcome.class).getIssueFirstRep().getCode())
                    .isEqualTo(OperationOutcome.IssueType.NOTSUPPORTED);
        });
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET();
        if (user != null) {
            b.header("x-test-user", user);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every body the routes send is FHIR JSON that validates against the base R4 profiles. */
    private static <T extends IBaseResource> T parse(HttpResponse<String> r, Class<T> type) {
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/fhir+json"));
        assertThat(validator.errors(r.body())).as(r.body()).isEmpty();
        return FHIR.newJsonParser().parseResource(type, r.body());
    }
}
