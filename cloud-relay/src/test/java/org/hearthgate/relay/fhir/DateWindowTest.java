package org.hearthgate.relay.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DateWindowTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static DateWindow window(String... values) {
        return DateWindow.parse(List.of(values), LONDON);
    }

    @Test
    void noDateMeansNoBounds() {
        assertThat(window()).isEqualTo(new DateWindow(null, null));
    }

    @Test
    void aDayIsTheWholeDayInTheServicesZoneSummerTimeIncluded() {
        assertThat(window("2026-07-01")).isEqualTo(new DateWindow(Instant.parse("2026-06-30T23:00:00Z"),
                Instant.parse("2026-07-01T23:00:00Z")));
        assertThat(window("2026-01-15")).isEqualTo(new DateWindow(Instant.parse("2026-01-15T00:00:00Z"),
                Instant.parse("2026-01-16T00:00:00Z")));
    }

    @Test
    void geAndLeTakeTheStartAndTheEndOfTheirPrecision() {
        assertThat(window("ge2026-01", "le2026-02")).isEqualTo(new DateWindow(Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-03-01T00:00:00Z")));
        assertThat(window("ge2025", "lt2026")).isEqualTo(new DateWindow(Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void gtAndLtExcludeTheirWholePrecision() {
        assertThat(window("gt2026-01-15", "lt2026-01-20")).isEqualTo(new DateWindow(
                Instant.parse("2026-01-16T00:00:00Z"), Instant.parse("2026-01-20T00:00:00Z")));
    }

    @Test
    void aTimeNeedsItsOffsetAndCountsToItsPrecision() {
        assertThat(window("ge2026-03-10T09:00:00+01:00", "le2026-03-10T10:00:00.500Z")).isEqualTo(new DateWindow(
                Instant.parse("2026-03-10T08:00:00Z"), Instant.parse("2026-03-10T10:00:00.501Z")));
        assertThat(window("2026-03-10T09:00Z")).isEqualTo(new DateWindow(
                Instant.parse("2026-03-10T09:00:00Z"), Instant.parse("2026-03-10T09:01:00Z")));
    }

    @Test
    void anUnencodedPlusArrivingAsASpaceIsReadAsTheOffsetSign() {
        assertThat(window("ge2026-03-10T09:00:00 01:00").from()).isEqualTo(Instant.parse("2026-03-10T08:00:00Z"));
    }

    @Test
    void severalBoundsNarrowTheWindowAndACrossedOneIsEmpty() {
        assertThat(window("ge2026-01-01", "ge2026-02-01", "le2026-12-31", "le2026-03-31")).isEqualTo(new DateWindow(
                Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-31T23:00:00Z")));
        assertThat(window("ge2026-03-01", "le2026-02-01").empty()).isTrue();
        assertThat(window("ge2026-03-01").empty()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "sa2026", "ap2026-01-01", "2026-13", "2026-02-30", "26-01-01",
            "2026-03-10T09:00", "2026-03-10T25:00:00Z", "ge2026-01-01T00:00:00+25:00"})
    void anythingElseIsABadRequestNamingTheParameter(String value) {
        assertThatThrownBy(() -> window(value)).isInstanceOf(BadRequest.class).hasMessageStartingWith("date:");
    }
}
