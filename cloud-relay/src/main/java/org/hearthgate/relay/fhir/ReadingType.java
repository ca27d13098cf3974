package org.hearthgate.relay.fhir;

import java.util.Optional;
import java.util.Set;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.BodyTemperature;
import org.hearthgate.contract.obs.BodyWeight;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.OxygenSaturation;

/**
 * The vital-sign readings the FHIR face exports, one per observation kind of the wire contract, with the LOINC code
 * and the UCUM units of FHIR R4's vital-signs profiles (reference/anchors.md E.3).
 */
public enum ReadingType {
    BLOOD_PRESSURE(BloodPressure.class, "85354-9", "Blood pressure panel with all children optional", "bp",
            Set.of(Ucum.MM_HG, Ucum.KPA)),
    HEART_RATE(HeartRate.class, "8867-4", "Heart rate", "heartrate", Set.of(Ucum.PER_MIN)),
    OXYGEN_SATURATION(OxygenSaturation.class, "2708-6", "Oxygen saturation in Arterial blood", "oxygensat",
            Set.of(Ucum.PERCENT)),
    BODY_TEMPERATURE(BodyTemperature.class, "8310-5", "Body temperature", "bodytemp", Set.of(Ucum.CEL, Ucum.DEG_F)),
    BODY_WEIGHT(BodyWeight.class, "29463-7", "Body weight", "bodyweight", Set.of(Ucum.KG, Ucum.LB));

    public static final String SYSTOLIC_LOINC = "8480-6";
    public static final String DIASTOLIC_LOINC = "8462-4";
    /** Oximeters add "SpO2 by pulse oximetry" as a second coding, as US Core does (anchors.md E.3). */
    public static final String SPO2_BY_PULSE_OXIMETRY_LOINC = "59408-5";

    private final Class<? extends Observation> kind;
    private final String loinc;
    private final String display;
    private final String profile;
    private final Set<Ucum> units;

    ReadingType(Class<? extends Observation> kind, String loinc, String display, String profile, Set<Ucum> units) {
        this.kind = kind;
        this.loinc = loinc;
        this.display = display;
        this.profile = "http://hl7.org/fhir/StructureDefinition/" + profile;
        this.units = units;
    }

    /** The R4 core vital-signs profile this reading's Observation claims (and the tests hold it to). */
    public String profile() {
        return profile;
    }

    /** The wire contract's observation kind this reading comes from. */
    public Class<? extends Observation> kind() {
        return kind;
    }

    public String loinc() {
        return loinc;
    }

    public String display() {
        return display;
    }

    /** The units a reading of this type may arrive in. */
    public Set<Ucum> units() {
        return units;
    }

    public static Optional<ReadingType> ofKind(Class<? extends Observation> kind) {
        for (ReadingType t : values()) {
            if (t.kind == kind) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type whose main LOINC code this is (8867-4 is heart rate); empty for any other code. */
    public static Optional<ReadingType> ofLoinc(String code) {
        for (ReadingType t : values()) {
            if (t.loinc.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
