package org.hearthgate.contract;


/**
 * Validation helpers for the records of the contract. Every failure names the field, so that a rejected wire
 * payload tells its sender exactly what was wrong (the codec adds the JSON path in front).
 */
public final class Require {
    private Require() {
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": is required");
        }
        return value;
    }

    public static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + ": must be a finite number, was " + value);
        }
        return value;
    }

    public static double between(double value, double min, double max, String field) {
        finite(value, field);
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** For whole numbers: the message shows them as written ({@code 99 is outside 0..53}, not {@code 99.0}). */
    public static long between(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    public static long atLeast(long value, long min, String field) {
        if (value < min) {
            throw new IllegalArgumentException(field + ": " + value + " is below " + min);
        }
        return value;
    }

    public static String text(String value, int maxLength, String field) {
        present(value, field);
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + ": longer than " + maxLength + " characters");
        }
        return value;
    }

    /** A null-tolerant variant of {@link #text} for optional free text. */
    public static String optionalText(String value, int maxLength, String field) {
        return value == null ? null : text(value, maxLength, field);
    }

    /**
     * Checks that a quantity is present, in one of the allowed units, and physically plausible for its field.
     * The bounds are in the quantity's own unit and chosen to reject corrupted frames, not to judge health.
     */
    public static Quantity quantity(Quantity q, String field, Ucum... allowed) {
        present(q, field);
        for (Ucum unit : allowed) {
            if (q.unit() == unit) {
                between(q.value(), unit.plausibleMin(), unit.plausibleMax(), field);
                return q;
            }
        }
        throw new IllegalArgumentException(field + ": unit " + q.unit().code() + " is not one of "
                + java.util.Arrays.stream(allowed).map(Ucum::code).toList());
    }

    public static Quantity optionalQuantity(Quantity q, String field, Ucum... allowed) {
        return q == null ? null : quantity(q, field, allowed);
    }

    /** Quality flags as an immutable set with a stable (declaration) order; a missing set means "no flags". */
    public static java.util.Set<org.hearthgate.contract.obs.Quality> flags(
            java.util.Collection<org.hearthgate.contract.obs.Quality> flags) {
        var set = java.util.EnumSet.noneOf(org.hearthgate.contract.obs.Quality.class);
        if (flags != null) {
            for (var flag : flags) {
                set.add(present(flag, "quality[]"));
            }
        }
        return java.util.Collections.unmodifiableSet(set);
    }
}
