package org.hearthgate.drivers.ble;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.Quality;

/**
 * What one characteristic value decoded to. {@link #notes()} lists, in words, anything the parser left out (a
 * special value in an optional field, a reserved code); notes name fields only, never measured values.
 */
public sealed interface Decoded {

    List<String> notes();

    /**
     * Observations ready for the hub. {@code key} identifies a record a device may replay from its memory (it is
     * present only when the frame carries a device timestamp or a sequence number); {@code contextFollows} is set
     * by a glucose measurement whose Glucose Measurement Context comes in the next frame.
     */
    record Readings(List<Observation> observations, Optional<RecordKey> key, boolean contextFollows,
                    List<String> notes) implements Decoded {
        public Readings {
            observations = List.copyOf(observations);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Intermediate Cuff Pressure (0x2A36): the cuff's current pressure while it inflates. Progress only, not a
     * blood pressure: the contract has no observation for it, so it is decoded and validated but not forwarded.
     */
    record CuffProgress(Instant at, Quantity cuffPressure, Set<Quality> quality, List<String> notes)
            implements Decoded {
        public CuffProgress {
            quality = Set.copyOf(quality);
            notes = List.copyOf(notes);
        }
    }

    /** Glucose Measurement Context (0x2A34): joined to the measurement with the same sequence number. */
    record GlucoseContext(int sequence, Optional<String> meal, List<String> notes) implements Decoded {
        public GlucoseContext {
            notes = List.copyOf(notes);
        }
    }
}
