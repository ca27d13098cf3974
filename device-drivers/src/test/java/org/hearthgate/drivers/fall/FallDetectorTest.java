package org.hearthgate.drivers.fall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FallDetectorTest {
    private static final FallParameters P = FallParameters.defaults();

    @ParameterizedTest
    @ValueSource(doubles = {25, 50, 100, 200})
    void detectsAnImpactFollowedByLyingStillAtEveryWearableRate(double rate) {
        SyntheticWearer w = SyntheticWearer.forwardFall(rate, 6);
        int impactStart = (int) Math.round(4.4 * rate);

        Run r = run(rate, w);

        assertThat(r.events).hasSize(1);
        FallEvent e = r.events.get(0);
        assertThat(e.features().impactSample()).isBetween((long) impactStart, (long) (impactStart + 0.3 * rate));
        assertThat(e.confidence()).isGreaterThan(0.5).isLessThanOrEqualTo(1);
        assertThat(e.features().orientationChangeDeg()).isCloseTo(90, within(5.0));
        assertThat(e.features().preTiltDeg()).isLessThan(5);
        // Reported once the post-impact window has passed, and it says how long ago the impact was.
        assertThat(r.decidedAt.get(0) - e.samplesSinceImpact()).isEqualTo(e.features().impactSample());
        assertThat(e.samplesSinceImpact() / rate).isCloseTo(P.postEndS(), within(2 / rate));
    }

    @Test
    void rejectsAJumpBecauseTheWearerIsStillUprightAfterwards() {
        SyntheticWearer w = new SyntheticWearer(200).hold(SyntheticWearer.UPRIGHT, 4, 0.01)
                .hold(new double[] {0, -0.1, 0}, 0.3, 0.01).impact(new double[] {0, -4, 0}, 0.15)
                .hold(SyntheticWearer.UPRIGHT, 6, 0.01);

        Run r = run(200, w);

        assertThat(r.candidates).hasSize(1);
        assertThat(r.candidates.get(0).peakG()).isGreaterThan(P.minPeakG());
        assertThat(r.candidates.get(0).orientationChangeDeg()).isLessThan(P.minOrientationChangeDeg());
        assertThat(r.events).isEmpty();
    }

    @Test
    void rejectsLyingDownGentlyBecauseThereIsNoImpact() {
        SyntheticWearer w = new SyntheticWearer(50).hold(SyntheticWearer.UPRIGHT, 4, 0.01)
                .turn(SyntheticWearer.UPRIGHT, SyntheticWearer.LYING_ON_SIDE, 1.5)
                .hold(SyntheticWearer.LYING_ON_SIDE, 8, 0.005);

        Run r = run(50, w);

        assertThat(r.candidates).isEmpty();
        assertThat(r.events).isEmpty();
    }

    @Test
    void rejectsAnImpactWhileAlreadyLyingDown() {
        // Turning over in bed with a bump (SisFall D14): the wearer was lying before, so this is not a fall.
        SyntheticWearer w = new SyntheticWearer(200).hold(SyntheticWearer.LYING_FACE_DOWN, 4, 0.005)
                .impact(new double[] {-2.5, 0, -1.5}, 0.15).hold(SyntheticWearer.LYING_ON_SIDE, 6, 0.005);

        Run r = run(200, w);

        assertThat(r.candidates).hasSize(1);
        assertThat(r.candidates.get(0).preTiltDeg()).isGreaterThan(P.maxPreTiltDeg());
        assertThat(r.events).isEmpty();
    }

    @Test
    void rejectsAnImpactAfterWhichTheWearerKeepsMoving() {
        // Thresholds fixed here so the test is about the stillness rule, not about the tuned value.
        FallParameters strict = P.withRule(P.minPeakG(), P.maxPreTiltDeg(), P.minOrientationChangeDeg(),
                P.minPostTiltDeg(), 0.1);
        SyntheticWearer still = SyntheticWearer.forwardFall(200, 6);
        SyntheticWearer moving = SyntheticWearer.forwardFall(200, 0).rock(SyntheticWearer.LYING_FACE_DOWN, 6, 0.3);

        assertThat(run(200, still, strict).events).hasSize(1);
        Run r = run(200, moving, strict);

        assertThat(r.candidates).singleElement().satisfies(c -> assertThat(c.postStdG()).isGreaterThan(0.1));
        assertThat(r.events).isEmpty();
    }

    @Test
    void keepsASecondImpactInTheSameEpisodeAndJudgesTheLyingAfterIt() {
        // Knees, then trunk 1.5 s later: the strong first impact and the lying after the second belong together.
        SyntheticWearer w = new SyntheticWearer(200).hold(SyntheticWearer.UPRIGHT, 4, 0.01)
                .impact(new double[] {0.5, -3.0, -1.0}, 0.15).hold(SyntheticWearer.SITTING_RECLINED, 1.4, 0.01)
                .impact(new double[] {0, -1.0, -1.2}, 0.1).hold(SyntheticWearer.LYING_FACE_DOWN, 6, 0.005);

        Run r = run(200, w);

        assertThat(r.candidates).hasSize(1);
        assertThat(r.events).hasSize(1);
        assertThat(r.events.get(0).features().peakG()).isGreaterThan(2.0);
        assertThat(r.events.get(0).features().impactSample()).isGreaterThan((long) (5.5 * 200));
    }

    @Test
    void decidesAPendingFallWhenTheRecordingEndsEarly() {
        SyntheticWearer w = SyntheticWearer.forwardFall(200, 2.0);
        List<FallCandidate> seen = new ArrayList<>();
        FallDetector d = new FallDetector(200, P, seen::add);
        double[][] s = w.signal();
        for (int i = 0; i < w.size(); i++) {
            assertThat(d.accept(s[0][i], s[1][i], s[2][i])).isEmpty();
        }

        Optional<FallEvent> atEnd = d.finish();

        assertThat(atEnd).isPresent();
        assertThat(seen).hasSize(1);
        assertThat(d.finish()).isEmpty();
    }

    @Test
    void doesNotDecideOnTooShortAPostImpactWindowAtTheEnd() {
        SyntheticWearer w = SyntheticWearer.forwardFall(200, 1.5);
        Run r = run(200, w);
        assertThat(r.candidates).isEmpty();
    }

    @Test
    void skipsAndCountsNonFiniteSamplesWithoutPoisoningTheFilters() {
        SyntheticWearer w = SyntheticWearer.forwardFall(100, 6);
        FallDetector d = new FallDetector(100, P);
        double[][] s = w.signal();
        List<FallEvent> events = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            if (i % 50 == 7) {
                d.accept(Double.NaN, 0, Double.POSITIVE_INFINITY).ifPresent(events::add);
            }
            d.accept(s[0][i], s[1][i], s[2][i]).ifPresent(events::add);
        }
        assertThat(d.rejectedSamples()).isPositive();
        assertThat(d.samples()).isEqualTo(w.size());
        assertThat(events).hasSize(1);
    }

    @Test
    void staysQuietThroughALongWalk() {
        SyntheticWearer w = new SyntheticWearer(50).walk(600, 0.3);
        Run r = run(50, w);
        assertThat(r.events).isEmpty();
    }

    @Test
    void refusesASampleRateOutsideWhatItWasDesignedFor() {
        assertThatThrownBy(() -> new FallDetector(5, P)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample rate");
    }

    static final double[] SUPINE = {0, 0, 1};

    @Test
    void learnsTheUprightOfATiltedBeltFromWalking() {
        SyntheticWearer w = new SyntheticWearer(50).walk(60, 0.3).tilted(25);
        FallDetector d = new FallDetector(50, P);
        double[][] s = w.signal();
        for (int i = 0; i < w.size(); i++) {
            d.accept(s[0][i], s[1][i], s[2][i]);
        }

        double[] u = d.learnedUpright();
        // 60 walking seconds with a 20 s time constant: within 5 % of the 25 degree tilt.
        assertThat(d.learnedSeconds()).isGreaterThanOrEqualTo(55);
        assertThat(FallDetector.angle(u[0], u[1], u[2], 0, -Math.cos(Math.toRadians(25)), -Math.sin(Math.toRadians(25))))
                .isLessThan(2);
        assertThat(FallDetector.angle(u[0], u[1], u[2], 0, -1, 0)).isGreaterThan(23);
    }

    @Test
    void doesNotLearnTheUprightFromStandingStillLyingOrRollingInBed() {
        SyntheticWearer w = new SyntheticWearer(50).hold(SyntheticWearer.UPRIGHT, 30, 0.01)
                .hold(SyntheticWearer.LYING_ON_SIDE, 30, 0.01).rock(SUPINE, 30, 0.3)
                .rock(SyntheticWearer.LYING_ON_SIDE, 30, 0.3);
        FallDetector d = new FallDetector(50, P);
        double[][] s = w.signal();
        for (int i = 0; i < w.size(); i++) {
            d.accept(s[0][i], s[1][i], s[2][i]);
        }

        assertThat(d.learnedSeconds()).isZero();
        assertThat(d.learnedUpright()).containsExactly(0, -1, 0);
    }

    @Test
    void turningOverInBedIsNotAFallOnceTheWearersOwnUprightIsKnown() {
        // A belt tilted 30 degrees: lying on the back reads only 60 degrees from the configured axis, within the
        // rule's tilt-before limit, so a rough turn onto the side looks like a fall from upright. After a minute of
        // walking the detector measures tilt from the wearer's own upright, where lying on the back is 90 degrees.
        SyntheticWearer w = new SyntheticWearer(50).walk(60, 0.3).turn(SyntheticWearer.UPRIGHT, SUPINE, 2)
                .hold(SUPINE, 10, 0.005).impact(new double[] {-3, 0, 0.5}, 0.15)
                .hold(SyntheticWearer.LYING_ON_SIDE, 6, 0.005).tilted(30);
        FallParameters fixedAxis = new FallParameters(P.cutoffHz(), P.triggerG(), P.settleS(), P.episodeS(),
                P.preStartS(), P.preEndS(), P.postStartS(), P.postEndS(), P.minPostS(), P.uprightX(), P.uprightY(),
                P.uprightZ(), P.minPeakG(), P.maxPreTiltDeg(), P.minOrientationChangeDeg(), P.minPostTiltDeg(),
                P.maxPostStdG(), P.stillMaxStdG(), 0, P.uprightMaxDeviationDeg());

        Run learned = run(50, w);
        Run fixed = run(50, w, fixedAxis);

        assertThat(fixed.candidates).hasSize(1);
        assertThat(fixed.candidates.get(0).preTiltDeg()).isCloseTo(60, within(3.0));
        assertThat(fixed.events).hasSize(1);
        assertThat(learned.candidates).hasSize(1);
        assertThat(learned.candidates.get(0).preTiltDeg()).isGreaterThan(85);
        assertThat(learned.events).isEmpty();
    }

    private record Run(List<FallEvent> events, List<Long> decidedAt, List<FallCandidate> candidates) {
    }

    private static Run run(double rate, SyntheticWearer w) {
        return run(rate, w, P);
    }

    private static Run run(double rate, SyntheticWearer w, FallParameters p) {
        List<FallCandidate> candidates = new ArrayList<>();
        FallDetector d = new FallDetector(rate, p, candidates::add);
        List<FallEvent> events = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        double[][] s = w.signal();
        for (int i = 0; i < w.size(); i++) {
            final long index = i;
            d.accept(s[0][i], s[1][i], s[2][i]).ifPresent(e -> {
                events.add(e);
                at.add(index);
            });
        }
        return new Run(events, at, candidates);
    }
}
