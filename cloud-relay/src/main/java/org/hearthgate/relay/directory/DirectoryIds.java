package org.hearthgate.relay.directory;

import java.util.regex.Pattern;
import org.hearthgate.contract.Require;

/** Ids the directory makes up itself (contacts, logins): safe in a URL path, a file and a log line. */
final class DirectoryIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}");

    private DirectoryIds() {
    }

    static String check(String value, String field) {
        Require.present(value, field);
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": '" + (value.length() > 24 ? value.substring(0, 24) + "…"
                    : value) + "' is not an id (1-64 of A-Z a-z 0-9 . _ @ : -, starting with a letter or digit)");
        }
        return value;
    }
}
