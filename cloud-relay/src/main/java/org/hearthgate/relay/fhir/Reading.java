package org.hearthgate.relay.fhir;

import java.time.Instant;
import java.util.Optional;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.BodyTemperature;
import org.hearthgate.contract.obs.BodyWeight;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.OxygenSaturation;

/**
 * One stored vital-sign reading of a resident, as the readings store gives it back.
 *
 * @param id             the reading's id (the wire message id or the store's), the Observation's logical id
 * @param residentId     whose reading it is
 * @param deviceId       the FHIR id of the sensor Device that measured it
 * @param at             the device's measurement time (the Observation's effectiveDateTime)
 * @param value          one quantity, or systolic and diastolic for blood pressure
 * @param interpretation set where a care-plan rule fired on this reading; null otherwise
 */
public record Reading(String id, String residentId, String deviceId, ReadingType type, Instant at, Value value,
        Interpretation interpretation) {

    public Reading {
        FhirIds.check(id, "id");
        FhirIds.check(residentId, "residentId");
        FhirIds.check(deviceId, "deviceId");
        Require.present(type, "type");
        Require.present(at, "at");
        Require.present(value, "value");
        switch (value) {
            case Pressure p when type == ReadingType.BLOOD_PRESSURE -> {
                unit(type, p.systolic(), "systolic");
                unit(type, p.diastolic(), "diastolic");
            }
            case Single s when type != ReadingType.BLOOD_PRESSURE -> unit(type, s.quantity(), "value");
            default -> throw new IllegalArgumentException("value: a " + type + " reading needs "
                    + (type == ReadingType.BLOOD_PRESSURE ? "systolic and diastolic" : "one quantity"));
        }
    }

    /**
     * The reading a stored wire observation makes: its kind's type, its measurement time and main value(s); empty for
     * kinds that are not vital signs (motion, door contacts, pendant presses...).
     */
    public static Optional<Reading> of(String id, String residentId, String deviceId, Observation observation,
            Interpretation interpretation) {
        Value value = switch (observation) {
            case BloodPressure bp -> new Pressure(bp.systolic(), bp.diastolic());
            case HeartRate hr -> new Single(hr.rate());
            case OxygenSaturation ox -> new Single(ox.spo2());
            case BodyTemperature t -> new Single(t.temperature());
            case BodyWeight w -> new Single(w.weight());
            default -> null;
        };
        return value == null ? Optional.empty() : ReadingType.ofKind(observation.getClass())
                .map(type -> new Reading(id, residentId, deviceId, type, observation.at(), value, interpretation));
    }

    private static void unit(ReadingType type, Quantity q, String field) {
        Require.present(q, field);
        if (!type.units().contains(q.unit())) {
            throw new IllegalArgumentException(field + ": " + q.unit().code() + " is not a unit of " + type);
        }
    }

    /** What was measured. */
    public sealed interface Value permits Single, Pressure {
    }

    public record Single(Quantity quantity) implements Value {
    }

    public record Pressure(Quantity systolic, Quantity diastolic) implements Value {
    }

    /**
     * A care-plan rule's verdict on the reading: the FHIR interpretation code and the rule that fired, in words a
     * clinician reads ("home BP at or above NICE NG136 stage 1, 135/85").
     */
    public record Interpretation(Code code, String rule) {
        public Interpretation {
            Require.present(code, "interpretation.code");
            Require.optionalText(rule, 200, "interpretation.rule");
        }

        /** HL7 v3 ObservationInterpretation codes, as the R4 vital-signs examples use them. */
        public enum Code {
            HIGH("H", "High"),
            LOW("L", "Low"),
            CRITICAL_HIGH("HH", "Critical high"),
            CRITICAL_LOW("LL", "Critical low"),
            ABNORMAL("A", "Abnormal");

            private final String code;
            private final String display;

            Code(String code, String display) {
                this.code = code;
                this.display = display;
            }

            public String code() {
                return code;
            }

            public String display() {
                return display;
            }
        }
    }
}
