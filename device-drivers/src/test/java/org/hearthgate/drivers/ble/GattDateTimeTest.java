package org.hearthgate.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GattDateTimeTest {

    private static Optional<LocalDateTime> decode(int... bytes) throws FrameException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return GattDateTime.decode(b, 0, (field, reason) -> new FrameException(field + ": " + reason));
    }

    @Test
    void decodesALittleEndianYearAndTheRest() throws FrameException {
        assertThat(decode(0xEA, 0x07, 11, 22, 7, 45, 30)).contains(LocalDateTime.of(2026, 11, 22, 7, 45, 30));
    }

    @ParameterizedTest
    @CsvSource({"0,0,11,22", "234,7,0,22", "234,7,11,0"})
    void anUnknownYearMonthOrDayMakesTheStampUnusable(int lo, int hi, int month, int day) throws FrameException {
        assertThat(decode(lo, hi, month, day, 0, 0, 0)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"13, 1, 0, 0, 0, month", "1, 32, 0, 0, 0, day", "1, 1, 24, 0, 0, hours", "1, 1, 0, 60, 0, minutes",
        "1, 1, 0, 0, 60, seconds", "2, 30, 0, 0, 0, day"})
    void rejectsOutOfRangeFieldsNamingThem(int month, int day, int h, int m, int s, String field) {
        assertThatThrownBy(() -> decode(0xEA, 0x07, month, day, h, m, s))
                .isInstanceOf(FrameException.class).hasMessageStartingWith(field + ":");
    }

    @Test
    void rejectsAYearBeforeTheGregorianCalendar() {
        assertThatThrownBy(() -> decode(0x01, 0x00, 1, 1, 0, 0, 0)).hasMessageStartingWith("year:");
    }

    @Test
    void encodesWhatItDecodes() throws FrameException {
        LocalDateTime t = LocalDateTime.of(2031, 2, 28, 23, 59, 58);
        byte[] b = GattDateTime.encode(t);
        assertThat(GattDateTime.decode(b, 0, (f, r) -> new FrameException(r))).contains(t);
    }
}
