package org.hearthgate.drivers.fall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FallParametersTest {

    @Test
    void shipsParametersThatLoadAndKeepTheTriggerBelowThePeakRule() {
        FallParameters p = FallParameters.defaults();
        assertThat(p.triggerG()).isLessThanOrEqualTo(p.minPeakG());
        assertThat(p.postEndS()).isGreaterThan(p.postStartS());
    }

    @Test
    void writesAFileThatReadsBackToTheSameParameters() throws IOException {
        FallParameters p = FallParameters.defaults().withRule(2.05, 55, 42.5, 47.5, 0.125);
        StringWriter w = new StringWriter();
        p.store(w, "test\nsecond line");

        FallParameters back = load(w.toString());

        assertThat(back).isEqualTo(p);
        assertThat(w.toString()).startsWith("# test\n# second line\n");
    }

    @Test
    void namesTheMissingKey() throws IOException {
        StringWriter w = new StringWriter();
        FallParameters.defaults().store(w, "x");
        String without = w.toString().replaceAll("(?m)^rule\\.maxPostStdG=.*$", "");

        assertThatThrownBy(() -> load(without)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule.maxPostStdG: is required");
    }

    @Test
    void namesAMalformedValue() throws IOException {
        StringWriter w = new StringWriter();
        FallParameters.defaults().store(w, "x");
        String bad = w.toString().replaceAll("(?m)^device\\.upright=.*$", "device.upright=0,-1");

        assertThatThrownBy(() -> load(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("device.upright:");
    }

    @Test
    void refusesAPeakRuleBelowTheTriggerBecauseSuchImpactsAreNeverMeasured() {
        assertThatThrownBy(() -> FallParameters.defaults().withRule(1.0, 60, 40, 40, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rule.minPeakG:");
    }

    @Test
    void scoresConfidenceOneHalfAtTheBoundaryAndHigherBeyondIt() {
        FallParameters p = FallParameters.defaults();
        FallCandidate boundary = new FallCandidate(0, p.minPeakG(), p.minOrientationChangeDeg(), p.maxPreTiltDeg(),
                p.minPostTiltDeg(), p.maxPostStdG());
        FallCandidate clear = new FallCandidate(0, p.minPeakG() + 2, 90, 0, 90, 0);

        assertThat(p.isFall(boundary)).isTrue();
        assertThat(p.confidence(boundary)).isEqualTo(0.5);
        assertThat(p.confidence(clear)).isGreaterThan(0.9).isLessThanOrEqualTo(1);
    }

    private static FallParameters load(String text) throws IOException {
        return FallParameters.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
