package org.hearthgate.drivers.fall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BiquadTest {

    @ParameterizedTest
    @ValueSource(doubles = {25, 50, 100, 200})
    void passesSlowMovementAndGravityUnchanged(double rate) {
        Biquad f = new Biquad(5, rate);
        assertThat(f.dcGain()).isCloseTo(1, within(1e-12));
        double last = 0;
        for (int i = 0; i < rate * 2; i++) {
            last = f.apply(-1);
        }
        assertThat(last).isCloseTo(-1, within(1e-9));
        assertThat(peakAmplitude(new Biquad(5, rate), 0.5, rate)).isCloseTo(1, within(0.01));
    }

    @ParameterizedTest
    @ValueSource(doubles = {50, 100, 200})
    void attenuatesVibrationWellAboveTheCutOff(double rate) {
        // 20 Hz is two octaves above 5 Hz: a second-order Butterworth gives about -24 dB, i.e. below 0.07.
        assertThat(peakAmplitude(new Biquad(5, rate), 20, rate)).isLessThan(0.08);
        // At the cut-off the gain is 1/sqrt(2).
        assertThat(peakAmplitude(new Biquad(5, rate), 5, rate)).isCloseTo(Math.sqrt(0.5), within(0.03));
    }

    @Test
    void startsWithoutATransientFromItsFirstSample() {
        Biquad f = new Biquad(5, 200);
        assertThat(f.apply(-1)).isCloseTo(-1, within(1e-12));
        assertThat(f.apply(-1)).isCloseTo(-1, within(1e-12));
    }

    @Test
    void rejectsACutOffAtOrAboveNyquist() {
        assertThatThrownBy(() -> new Biquad(12.5, 25)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("half the sample rate");
    }

    private static double peakAmplitude(Biquad f, double hz, double rate) {
        double peak = 0;
        int n = (int) (rate * 20);
        for (int i = 0; i < n; i++) {
            double y = f.apply(Math.sin(2 * Math.PI * hz * i / rate));
            if (i > n / 2) {
                peak = Math.max(peak, Math.abs(y));
            }
        }
        return peak;
    }
}
