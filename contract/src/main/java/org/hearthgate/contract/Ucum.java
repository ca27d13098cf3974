package org.hearthgate.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The UCUM units used on the wire (https://ucum.org). The plausible range per unit rejects corrupt or
 * mis-scaled values at the edge (a systolic of 12 000 mmHg is a parser bug, not a hypertensive crisis).
 */
public enum Ucum {
    MM_HG("mm[Hg]", 0, 400),
    KPA("kPa", 0, 54),
    PER_MIN("/min", 0, 400),
    PERCENT("%", 0, 100),
    CEL("Cel", 10, 50),
    DEG_F("[degF]", 50, 122),
    KG("kg", 0, 500),
    LB("[lb_av]", 0, 1100),
    M("m", 0, 3),
    IN("[in_i]", 0, 120),
    KG_PER_M2("kg/m2", 0, 200),
    MG_PER_DL("mg/dL", 0, 2000),
    MMOL_PER_L("mmol/L", 0, 120),
    S("s", 0, 86_400),
    MS("ms", 0, 86_400_000),
    KJ("kJ", 0, 100_000),
    ONE("1", -1e9, 1e9);

    private final String code;
    private final double plausibleMin;
    private final double plausibleMax;

    Ucum(String code, double plausibleMin, double plausibleMax) {
        this.code = code;
        this.plausibleMin = plausibleMin;
        this.plausibleMax = plausibleMax;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public double plausibleMin() {
        return plausibleMin;
    }

    public double plausibleMax() {
        return plausibleMax;
    }

    @JsonCreator
    public static Ucum ofCode(String code) {
        for (Ucum u : values()) {
            if (u.code.equals(code)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unit: '" + code + "' is not a supported UCUM code");
    }
}
