package org.hearthgate.contract;

/** A measured value with its UCUM unit. Special values (NaN, NRes, ±INF) never become a quantity. */
public record Quantity(double value, Ucum unit) {
    public Quantity {
        Require.finite(value, "value");
        Require.present(unit, "unit");
    }

    public static Quantity of(double value, Ucum unit) {
        return new Quantity(value, unit);
    }

    /** This quantity in mmHg, for pressures given in mmHg or kPa. */
    public double mmHg() {
        return switch (unit) {
            case MM_HG -> value;
            case KPA -> value * 7.50061683;
            default -> throw new IllegalStateException("not a pressure: " + unit.code());
        };
    }

    /** This quantity in degrees Celsius, for temperatures in Cel or [degF]. */
    public double celsius() {
        return switch (unit) {
            case CEL -> value;
            case DEG_F -> (value - 32) * 5 / 9;
            default -> throw new IllegalStateException("not a temperature: " + unit.code());
        };
    }

    /** This quantity in kilograms, for masses in kg or [lb_av]. */
    public double kilograms() {
        return switch (unit) {
            case KG -> value;
            case LB -> value * 0.45359237;
            default -> throw new IllegalStateException("not a mass: " + unit.code());
        };
    }

    /** This quantity in mmol/L, for glucose concentrations in mmol/L or mg/dL. */
    public double mmolPerLitre() {
        return switch (unit) {
            case MMOL_PER_L -> value;
            case MG_PER_DL -> value / 18.0156;
            default -> throw new IllegalStateException("not a glucose concentration: " + unit.code());
        };
    }

    @Override
    public String toString() {
        return value + " " + unit.code();
    }
}
