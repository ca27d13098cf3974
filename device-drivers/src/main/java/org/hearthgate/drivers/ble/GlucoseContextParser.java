package org.hearthgate.drivers.ble;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.DeviceId;

/**
 * Glucose Measurement Context (0x2A34, notified after a measurement whose flag b4 is set; GLS 1.0.1, 3.107):
 * <pre>
 * flags u8: b0 carbohydrate, b1 meal, b2 tester-health, b3 exercise, b4 medication, b5 medication in litres
 *           (else kg), b6 HbA1c, b7 extended flags
 * u16 sequence number, [u8 extended flags], [u8 carbohydrate id, SFLOAT carbohydrate kg], [u8 meal],
 * [u8 tester | health nibbles], [u16 exercise duration s, u8 exercise intensity %],
 * [u8 medication id, SFLOAT medication], [SFLOAT HbA1c %]
 * meal: 1 preprandial, 2 postprandial, 3 fasting, 4 casual, 5 bedtime
 * </pre>
 * Only the meal reaches the contract ({@code BloodGlucose.meal}); the other fields are read so that the layout is
 * checked, and noted as not forwarded.
 */
public final class GlucoseContextParser implements CharacteristicParser {
    static final String[] MEALS = {null, "preprandial", "postprandial", "fasting", "casual", "bedtime"};

    @Override
    public int characteristic() {
        return GattUuids.GLUCOSE_MEASUREMENT_CONTEXT;
    }

    @Override
    public Decoded parse(DeviceId device, byte[] frame) throws FrameException {
        FrameReader in = new FrameReader(GattUuids.name(characteristic()), frame);
        List<String> notes = new ArrayList<>();
        int flags = in.u8("flags");
        int sequence = in.u16("sequence number");
        if ((flags & 0x80) != 0) {
            in.u8("extended flags");
        }
        if ((flags & 0x01) != 0) {
            in.u8("carbohydrate id");
            in.sfloat("carbohydrate");
            notes.add("carbohydrate not forwarded");
        }
        String meal = null;
        if ((flags & 0x02) != 0) {
            int at = in.offset();
            int code = in.u8("meal");
            if (code > 0 && code < MEALS.length) {
                meal = MEALS[code];
            } else {
                notes.add("meal at offset " + at + " is a reserved code; left out");
            }
        }
        if ((flags & 0x04) != 0) {
            in.u8("tester and health");
            notes.add("tester and health not forwarded");
        }
        if ((flags & 0x08) != 0) {
            in.u16("exercise duration");
            in.u8("exercise intensity");
            notes.add("exercise not forwarded");
        }
        if ((flags & 0x10) != 0) {
            in.u8("medication id");
            in.sfloat("medication");
            notes.add("medication not forwarded");
        }
        if ((flags & 0x40) != 0) {
            in.sfloat("HbA1c");
            notes.add("HbA1c not forwarded");
        }
        in.end();
        return new Decoded.GlucoseContext(sequence, Optional.ofNullable(meal), notes);
    }
}
