package org.hearthgate.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceGateTest {
    private final SequenceGate gate = new SequenceGate();

    @Test
    void theFirstReadingIsAlwaysNew() {
        assertThat(gate.admit(17)).isTrue();
    }

    @Test
    void withinARelationOnlyAHigherSeqIsNew() {
        gate.admit(5);

        assertThat(gate.admit(5)).as("heartbeat").isFalse();
        assertThat(gate.admit(4)).as("stale").isFalse();
        assertThat(gate.admit(6)).isTrue();
    }

    @Test
    void gapsAreCountedAsMissedReadings() {
        gate.admit(1);
        gate.admit(2);
        gate.admit(6);

        assertThat(gate.missed()).isEqualTo(3);
    }

    @Test
    void aNewRelationRepeatingTheLastSeqIsNotANewReading() {
        gate.admit(9);
        gate.newRelation();

        assertThat(gate.admit(9)).isFalse();
    }

    @Test
    void aNewRelationWithALowerSeqMeansTheSensorRestartedCounting() {
        gate.admit(900);
        gate.newRelation();

        assertThat(gate.admit(0)).isTrue();
        assertThat(gate.admit(1)).isTrue();
        assertThat(gate.admit(0)).as("within the relation again").isFalse();
    }
}
