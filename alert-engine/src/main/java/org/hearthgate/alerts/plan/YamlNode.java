package org.hearthgate.alerts.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearthgate.contract.alarm.Priority;

/**
 * A YAML mapping read with its path, so every rejection names the key ("vitals.limits[2].below"). Keys are checked
 * against what was read ({@link #done()}): a misspelt key in a care plan ({@code bellow: 92}) must fail loudly,
 * never silently leave a default in place.
 */
final class YamlNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|m|min|h|d)");

    private final JsonNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();

    YamlNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
        if (node != null && !node.isObject()) {
            throw new CarePlanException(path.isEmpty() ? "$" : path, "must be a mapping of keys to values");
        }
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The keys of this mapping, in document order. */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    boolean has(String name) {
        return node != null && node.has(name) && !node.get(name).isNull();
    }

    private JsonNode get(String name) {
        read.add(name);
        return node == null ? null : node.get(name);
    }

    YamlNode object(String name) {
        JsonNode v = get(name);
        return new YamlNode(v == null || v.isNull() ? null : v, key(name));
    }

    List<YamlNode> objects(String name) {
        JsonNode v = get(name);
        List<YamlNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new CarePlanException(key(name), "must be a list");
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new YamlNode(v.get(i), key(name) + "[" + i + "]"));
        }
        return out;
    }

    List<String> strings(String name, List<String> fallback) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            throw new CarePlanException(key(name), "must be a list of text");
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual() || e.asText().isBlank()) {
                throw new CarePlanException(key(name) + "[" + i + "]", "must be non-empty text");
            }
            out.add(e.asText().trim());
        }
        return out;
    }

    String text(String name, String fallback) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new CarePlanException(key(name), "must be non-empty text");
        }
        return v.asText().trim();
    }

    String requiredText(String name) {
        String s = text(name, null);
        if (s == null) {
            throw new CarePlanException(key(name), "is required");
        }
        return s;
    }

    boolean bool(String name, boolean fallback) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new CarePlanException(key(name), "must be true or false");
        }
        return v.booleanValue();
    }

    double number(String name, double fallback, double min, double max) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new CarePlanException(key(name), "must be a number");
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d) || d < min || d > max) {
            throw new CarePlanException(key(name), d + " is outside " + fmt(min) + ".." + fmt(max));
        }
        return d;
    }

    int integer(String name, int fallback, int min, int max) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber()) {
            throw new CarePlanException(key(name), "must be a whole number");
        }
        long d = v.longValue();
        if (d < min || d > max) {
            throw new CarePlanException(key(name), d + " is outside " + min + ".." + max);
        }
        return (int) d;
    }

    /** A duration: {@code 30s}, {@code 10m}, {@code 12h}, {@code 3d} or ISO-8601 ({@code PT10M}). */
    Duration duration(String name, Duration fallback, Duration min, Duration max) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        Duration d = parseDuration(key(name), v);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new CarePlanException(key(name), v.asText() + " is outside " + human(min) + ".." + human(max));
        }
        return d;
    }

    private static Duration parseDuration(String key, JsonNode v) {
        if (!v.isTextual()) {
            throw new CarePlanException(key, "must be a duration with a unit, like 30s, 10m, 12h or 3d");
        }
        String s = v.asText().trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            long seconds = Math.round(n * switch (m.group(2)) {
                case "s" -> 1;
                case "m", "min" -> 60;
                case "h" -> 3600;
                default -> 86_400;
            });
            return Duration.ofSeconds(seconds);
        }
        try {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new CarePlanException(key, "'" + abbreviate(s) + "' is not a duration (like 30s, 10m, 12h or 3d)");
        }
    }

    /** A local time of day, {@code HH:mm}. */
    LocalTime time(String name, LocalTime fallback) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        return parseTime(key(name), v);
    }

    List<LocalTime> times(String name) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            throw new CarePlanException(key(name), "is required (a list of times like \"08:00\")");
        }
        List<LocalTime> out = new ArrayList<>();
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                out.add(parseTime(key(name) + "[" + i + "]", v.get(i)));
            }
        } else {
            out.add(parseTime(key(name), v));
        }
        if (out.isEmpty()) {
            throw new CarePlanException(key(name), "needs at least one time");
        }
        return out;
    }

    private static LocalTime parseTime(String key, JsonNode v) {
        // YAML 1.1 reads an unquoted 08:00 as the sexagesimal number 480; accept it, since people write it so.
        if (v.isIntegralNumber() && v.intValue() >= 0 && v.intValue() < 24 * 60) {
            return LocalTime.of(v.intValue() / 60, v.intValue() % 60);
        }
        try {
            return LocalTime.parse(v.asText().trim().length() == 4 ? "0" + v.asText().trim() : v.asText().trim());
        } catch (DateTimeParseException e) {
            throw new CarePlanException(key, "'" + abbreviate(v.asText()) + "' is not a time of day (HH:mm)");
        }
    }

    Priority priority(String name, Priority fallback) {
        String s = text(name, null);
        if (s == null) {
            return fallback;
        }
        try {
            return Priority.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CarePlanException(key(name), "'" + abbreviate(s) + "' is not one of critical, high, medium, low, info");
        }
    }

    /** Fails at once on a key outside {@code allowed}: a misspelt key is the likeliest mistake, so it is named first. */
    void expect(String... allowed) {
        if (node == null) {
            return;
        }
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!ok.contains(k)) {
                throw new CarePlanException(key(k), "unknown key");
            }
        }
    }

    /** Fails on any key that was not read: a typo must not pass as "use the default". */
    void done() {
        if (node == null) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!read.contains(k)) {
                throw new CarePlanException(key(k), "unknown key");
            }
        }
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0 && s > 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) : Double.toString(d);
    }

    static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "…";
    }
}
