package org.hearthgate.relay.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;

/** One made-up resident with a hub, a cuff and readings of every type (NHS number from the 999 test range, valid check digit). */
final class Examples {
    static final String NHS_NUMBER = "9990001235";
    static final Instant AT = Instant.parse("2026-11-30T08:15:30.250Z");

    private Examples() {
    }

    static Resident resident(String id) {
        return new Resident(id, NHS_NUMBER, NhsNumberVerification.VERIFIED,
                new Resident.Name("Mrs", List.of("Edith", "May"), "Example"), LocalDate.of(1938, 4, 2),
                Resident.Gender.FEMALE,
                new Resident.Address(List.of("12 Mill Lane"), "Leeds", "West Yorkshire", "LS1 4AB"), "0113 496 0000",
                new Resident.GpPractice("B86001", "Example Medical Practice"));
    }

    static HomeDevice hub(String residentId) {
        return new HomeDevice("hub-7", residentId, HomeDevice.Kind.GATEWAY, "Hearthgate", "Pi hub", "HG-0007", null);
    }

    static HomeDevice cuff(String residentId) {
        return new HomeDevice("hub-7.cuff-1", residentId, HomeDevice.Kind.SENSOR, "Omron", "M7 Intelli IT", "2019A123",
                "hub-7");
    }

    static Reading bloodPressure(String id, String residentId, Instant at) {
        return new Reading(id, residentId, "hub-7.cuff-1", ReadingType.BLOOD_PRESSURE, at,
                new Reading.Pressure(Quantity.of(152, Ucum.MM_HG), Quantity.of(96, Ucum.MM_HG)),
                new Reading.Interpretation(Reading.Interpretation.Code.HIGH,
                        "Home BP at or above NICE NG136 stage 2 (150/95)"));
    }

    static List<Reading> oneOfEach(String residentId) {
        return List.of(
                bloodPressure("r-bp", residentId, AT),
                new Reading("r-bp-kpa", residentId, "hub-7.cuff-1", ReadingType.BLOOD_PRESSURE, AT,
                        new Reading.Pressure(Quantity.of(16.0, Ucum.KPA), Quantity.of(10.7, Ucum.KPA)), null),
                single("r-hr", residentId, ReadingType.HEART_RATE, Quantity.of(72, Ucum.PER_MIN)),
                single("r-spo2", residentId, ReadingType.OXYGEN_SATURATION, Quantity.of(95, Ucum.PERCENT)),
                single("r-temp", residentId, ReadingType.BODY_TEMPERATURE, Quantity.of(37.2, Ucum.CEL)),
                single("r-temp-f", residentId, ReadingType.BODY_TEMPERATURE, Quantity.of(99.1, Ucum.DEG_F)),
                single("r-weight", residentId, ReadingType.BODY_WEIGHT, Quantity.of(61.4, Ucum.KG)),
                single("r-weight-lb", residentId, ReadingType.BODY_WEIGHT, Quantity.of(135.4, Ucum.LB)));
    }

    static Reading single(String id, String residentId, ReadingType type, Quantity q) {
        return new Reading(id, residentId, "hub-7.cuff-1", type, AT, new Reading.Single(q), null);
    }

    static Alarm openFall(String residentId) {
        return new Alarm("a-1", residentId, EventCode.FALL_DETECTED, Priority.CRITICAL, AlarmState.RECEIVED, AT,
                "Fall detected by the wrist sensor");
    }

    static Alarm resolvedPress(String residentId) {
        return new Alarm("a-2", residentId, EventCode.PERSONAL_TRIGGER, Priority.CRITICAL, AlarmState.RESOLVED, AT,
                null);
    }
}
