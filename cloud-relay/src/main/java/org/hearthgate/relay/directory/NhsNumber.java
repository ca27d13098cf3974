package org.hearthgate.relay.directory;

/**
 * The NHS number: 10 digits, the last a Modulus 11 check digit over the first nine (weights 10 down to 2; 11 minus
 * the remainder, 11 becoming 0; a check digit of 10 means the number was never issued). People type it in groups
 * ("943 476 5919"): spaces are accepted and dropped; the directory stores the digits only.
 */
public final class NhsNumber {
    private NhsNumber() {
    }

    /**
     * The digits of {@code typed}, checked; throws {@code IllegalArgumentException("field: reason")} when it is not
     * an NHS number.
     */
    public static String normalise(String typed, String field) {
        String digits = typed.replace(" ", "");
        if (!digits.matches("[0-9]{10}")) {
            throw new IllegalArgumentException(field + ": '" + typed + "' is not 10 digits");
        }
        if (!checkDigitHolds(digits)) {
            throw new IllegalArgumentException(field + ": " + digits + " fails the Modulus 11 check");
        }
        return digits;
    }

    /** True when {@code typed} (spaces allowed) is a well-formed NHS number. */
    public static boolean isValid(String typed) {
        String digits = typed == null ? "" : typed.replace(" ", "");
        return digits.matches("[0-9]{10}") && checkDigitHolds(digits);
    }

    /** The check digit for nine digits, or -1 when there is none (the remainder asks for 10). */
    public static int checkDigit(String nineDigits) {
        if (!nineDigits.matches("[0-9]{9}")) {
            throw new IllegalArgumentException("nine digits expected");
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nineDigits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        return check == 11 ? 0 : check == 10 ? -1 : check;
    }

    private static boolean checkDigitHolds(String digits) {
        int check = checkDigit(digits.substring(0, 9));
        return check >= 0 && check == digits.charAt(9) - '0';
    }
}
