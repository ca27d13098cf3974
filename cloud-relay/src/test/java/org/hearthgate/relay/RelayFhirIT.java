package org.hearthgate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.directory.DirectoryImport;
import org.hearthgate.relay.fhir.R4Validator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FHIR R4 served by the relay itself, over the care directory and the relay store: every resource validates with
 * HAPI's R4 validator, the Patient carries the NHS number, blood pressure is 85354-9 with its two components, the
 * alarm is a Flag; access follows roles and circles, and each read is on the audit trail.
 */
class RelayFhirIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId DEMO = TenantId.of("demo");
    @TempDir
    Path dir;
    private Relay relay;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        relay = new Relay(new Relay.Settings("tcp://127.0.0.1:1", "relay-fhir", null, null, "relay",
                dir.resolve("relay.db").toString(), "127.0.0.1", 0), new Users(Clock.systemUTC()), Clock.systemUTC());
        new DirectoryImport(relay.directory(), null).importYaml(Files.readString(Path.of("..", "docs", "examples",
                "directory.yaml")), "test");
        Instant at = Instant.now().minusSeconds(600);
        HubId hub = HubId.of("hub-demo");
        relay.store().ingest(DEMO, new Message(1, MessageId.random(), hub, 1, at, new Reading(ResidentId.of("res-demo"),
                new BloodPressure(DeviceId.of("cuff-1"), at, Quantity.of(142, Ucum.MM_HG), Quantity.of(91, Ucum.MM_HG),
                        null, Quantity.of(72, Ucum.PER_MIN), null, Set.of()), at)), at);
        relay.store().ingest(DEMO, new Message(1, MessageId.random(), hub, 2, at, new AlarmRaised(AlarmId.of(
                "fhir-alarm-1"), ResidentId.of("res-demo"), EventCode.PERSONAL_TRIGGER, Priority.CRITICAL,
                "PERSONAL_TRIGGER/p", DeviceId.of("pendant-1"), "pendant pressed", new PendantPress(
                        DeviceId.of("pendant-1"), at))), at);
        relay.start(); // the broker is unreachable here: the console and FHIR are what this test reads
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private String login(String user, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/login")).POST(
                HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("user", user, "password",
                        password)))).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("token").asText();
    }

    private String base() {
        return "http://127.0.0.1:" + relay.consolePort();
    }

    private HttpResponse<String> fhir(String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String valid(String token, String path) throws Exception {
        HttpResponse<String> r = fhir(token, path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(R4Validator.shared().errors(r.body())).as(path).isEmpty();
        return r.body();
    }

    @Test
    void theCareTeamReadsValidR4ResourcesAndEachReadIsAudited() throws Exception {
        String responder = login("responder", "hearthgate-demo");
        assertThat(valid(responder, "/fhir/Patient/res-demo")).contains("https://fhir.nhs.uk/Id/nhs-number",
                "9990000018", "UKCore-NHSNumberVerificationStatus");
        String code = URLEncoder.encode("http://loinc.org|85354-9", StandardCharsets.UTF_8);
        assertThat(valid(responder, "/fhir/Observation?patient=res-demo&code=" + code)).contains("85354-9",
                "8480-6", "8462-4", "mm[Hg]");
        assertThat(valid(responder, "/fhir/Flag?patient=res-demo")).contains("fhir-alarm-1");
        assertThat(valid(responder, "/fhir/Device/hub-demo")).contains("hub-demo");
        assertThat(valid(responder, "/fhir/Device/hub-demo.pendant-1")).contains("hub-demo");
        assertThat(valid(responder, "/fhir/Patient/res-demo/$everything")).contains("Bundle", "85354-9");
        assertThat(valid(responder, "/fhir/metadata")).contains("CapabilityStatement");
        assertThat(relay.audit().about(DEMO, ResidentId.of("res-demo"), 50)).extracting(SqlAuditTrail.Entry::action)
                .contains("fhir.read");
    }

    @Test
    void familyAndOtherServicesGetNoClinicalRecord() throws Exception {
        String sam = login("sam", "hearthgate-family");
        assertThat(fhir(sam, "/fhir/Patient/res-demo").statusCode()).isEqualTo(403);
        assertThat(fhir(sam, "/fhir/Patient/res-sim").statusCode()).isEqualTo(403);
        String clinician = login("dr.okafor", "hearthgate-clinician");
        assertThat(fhir(clinician, "/fhir/Patient/res-demo").statusCode()).as("named in the circle").isEqualTo(200);
        assertThat(fhir(clinician, "/fhir/Patient/res-sim").statusCode()).as("not in Arthur's circle")
                .isEqualTo(403);
        assertThat(fhir("not-a-token", "/fhir/Patient/res-demo").statusCode()).isEqualTo(401);
    }
}
