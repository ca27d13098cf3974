package org.hearthgate.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.wire.WireCodec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DecodeCommandTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T09:00:00Z"), ZoneId.of("UTC"));

    private record Run(int exit, String out, String err) {
    }

    private static Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run decode(String... args) {
        return run(new CommandLine(new DecodeCommand(CLOCK)), args);
    }

    @Test
    void decodesABloodPressureIntoOneWireJsonLine() {
        Run r = decode("2A35", "1E 7800 5000 5D00 EA070B16081E0F 4800 03 0100");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines()).hasSize(1);
        Observation o = new WireCodec().decodeObservation(r.out().strip());
        assertThat(o).isInstanceOfSatisfying(BloodPressure.class, bp -> {
            assertThat(bp.systolic().value()).isEqualTo(120);
            assertThat(bp.diastolic().value()).isEqualTo(80);
            assertThat(bp.pulse().value()).isEqualTo(72);
            assertThat(bp.user()).isEqualTo(3);
            assertThat(bp.at()).isEqualTo(Instant.parse("2026-11-22T08:30:15Z"));
        });
        assertThat(r.out()).contains("\"kind\":\"bloodPressure\"").contains("\"BODY_MOVEMENT\"");
    }

    @Test
    void isRegisteredWithTheLauncherAndAcceptsEverySpellingOfTheUuid() {
        for (String uuid : new String[] {"2A19", "0x2A19", "2a19", "0X2a19"}) {
            Run r = run(HearthgateCli.commandLine(), "decode", uuid, "5A");
            assertThat(r.exit()).as(uuid).isZero();
            assertThat(r.out()).contains("\"kind\":\"batteryLevel\"").contains("\"value\":90.0");
        }
    }

    @Test
    void joinsHexSpreadOverSeveralArguments() {
        Run r = decode("2A37", "16", "48", "0004", "0002");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"kind\":\"heartRate\"").contains("[1.0,0.5]");
    }

    @Test
    void aTruncatedFrameIsOneLineOnStderrAndExit2() {
        Run r = decode("2A35", "00 7800 5000");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("decode: 0x2A35 mean arterial pressure at offset 5: expected 2 bytes, "
                + "0 left (frame is 5 bytes)" + System.lineSeparator());
    }

    @Test
    void aSpecialValueWhereANumberIsRequiredIsExit2() {
        Run r = decode("2A1C", "00 FFFF7F00");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("decode: 0x2A1C temperature at offset 1: is NaN");
    }

    @Test
    void anUnknownCharacteristicIsExit2() {
        Run r = decode("2A00", "00");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("decode: 0x2A00 is not a characteristic Hearthgate decodes"
                + System.lineSeparator());
    }

    @Test
    void badHexOrUuidIsExit2() {
        assertThat(decode("2A35", "0G").exit()).isEqualTo(2);
        assertThat(decode("2A35", "007").err()).contains("odd number of hex digits");
        assertThat(decode("XYZ", "00").err()).contains("is not a 16-bit UUID");
    }

    @Test
    void droppedOptionalValuesAreNotedOnStderr() {
        Run r = decode("2A35", "04 7800 5000 FF07 FF07");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("OPTIONAL_VALUE_UNAVAILABLE");
        assertThat(r.err()).contains("note: mean arterial pressure at offset 5 is NaN; left out")
                .contains("note: pulse rate at offset 7 is NaN; left out");
    }

    @Test
    void progressAndContextFramesPrintNotesOnly() {
        Run icp = decode("2A36", "00 9100 FF07 FF07");
        assertThat(icp.exit()).isZero();
        assertThat(icp.out()).isEmpty();
        assertThat(icp.err()).contains("intermediate cuff pressure 145.0 mm[Hg]");
        Run glucose = decode("2A18", "12 2A00 EA070B16081E0F 5FB0 12");
        assertThat(glucose.out()).contains("\"kind\":\"bloodGlucose\"").contains("\"sequence\":42");
        assertThat(glucose.err()).contains("a Glucose Measurement Context (2A34) follows");
        Run ctx = decode("2A34", "02 2A00 03");
        assertThat(ctx.exit()).isZero();
        assertThat(ctx.err()).contains("context for glucose record 42, meal fasting");
    }

    @Test
    void theWeightScaleFeatureSetsTheResolution() {
        Run r = decode("--weight-feature", "20000000", "2A9D", "00 7805");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"value\":70.0");
    }
}
