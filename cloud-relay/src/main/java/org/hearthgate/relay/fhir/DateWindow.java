package org.hearthgate.relay.fhir;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time window of FHIR {@code date} search parameters, as {@code [from, to)} (null: unbounded). Each value is a
 * prefix ({@code eq} by default, {@code ge gt le lt}) and a date or dateTime whose precision makes a range:
 * {@code le2026-03} means up to the end of March. Dates without a time are days in the service's zone; a time needs
 * its offset, as FHIR requires.
 */
record DateWindow(Instant from, Instant to) {
    private static final Pattern VALUE = Pattern.compile("(eq|ge|gt|le|lt)?(\\d{4}(?:-\\d{2}(?:-\\d{2}(T.+)?)?)?)");
    private static final Pattern SECONDS = Pattern.compile("T\\d{2}:\\d{2}:\\d{2}");

    static DateWindow parse(List<String> values, ZoneId zone) {
        Instant from = null;
        Instant to = null;
        for (String raw : values) {
            // An unencoded '+' in a query string arrives as a space: read it back as the offset's sign.
            Matcher m = VALUE.matcher(raw.replace(' ', '+'));
            if (!m.matches()) {
                throw new BadRequest("date: '" + abbreviate(raw) + "' is not [eq|ge|gt|le|lt] followed by a FHIR date");
            }
            String prefix = m.group(1) == null ? "eq" : m.group(1);
            Instant[] range = range(m.group(2), m.group(3) != null, zone);
            switch (prefix) {
                case "ge" -> from = later(from, range[0]);
                case "gt" -> from = later(from, range[1]);
                case "le" -> to = earlier(to, range[1]);
                case "lt" -> to = earlier(to, range[0]);
                default -> {
                    from = later(from, range[0]);
                    to = earlier(to, range[1]);
                }
            }
        }
        return new DateWindow(from, to);
    }

    /** True when no instant can fall inside (ge after le): nothing to look up. */
    boolean empty() {
        return from != null && to != null && !from.isBefore(to);
    }

    /** The range [start, end) that the value's precision spans. */
    private static Instant[] range(String value, boolean hasTime, ZoneId zone) {
        try {
            if (hasTime) {
                OffsetDateTime t = OffsetDateTime.parse(value);
                Instant start = t.toInstant();
                Duration precision = value.contains(".") ? Duration.ofMillis(1)
                        : SECONDS.matcher(value).find() ? Duration.ofSeconds(1) : Duration.ofMinutes(1);
                return new Instant[] {start, start.plus(precision)};
            }
            return switch (value.length()) {
                case 4 -> {
                    int year = Integer.parseInt(value);
                    yield new Instant[] {day(LocalDate.of(year, 1, 1), zone), day(LocalDate.of(year + 1, 1, 1), zone)};
                }
                case 7 -> {
                    YearMonth month = YearMonth.parse(value);
                    yield new Instant[] {day(month.atDay(1), zone), day(month.plusMonths(1).atDay(1), zone)};
                }
                default -> {
                    LocalDate date = LocalDate.parse(value);
                    yield new Instant[] {day(date, zone), day(date.plusDays(1), zone)};
                }
            };
        } catch (DateTimeException e) {
            throw new BadRequest("date: '" + abbreviate(value) + "' is not a valid FHIR date or dateTime with offset");
        }
    }

    private static Instant day(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toInstant();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
