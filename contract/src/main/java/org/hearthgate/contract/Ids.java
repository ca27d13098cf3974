package org.hearthgate.contract;

import java.util.regex.Pattern;

/** The shape shared by all identifiers: safe inside an MQTT topic level, in a file name and in a log line. */
final class Ids {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private Ids() {
    }

    static String check(String value, String field) {
        Require.present(value, field);
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": '" + abbreviate(value)
                    + "' is not an id (1-64 of A-Z a-z 0-9 . _ : -, starting with a letter or digit)");
        }
        return value;
    }

    private static String abbreviate(String value) {
        return value.length() <= 24 ? value : value.substring(0, 24) + "…";
    }
}
