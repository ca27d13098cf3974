package org.hearthgate.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hearthgate.drivers.ble.TestClocks.CLOCK;
import static org.hearthgate.drivers.ble.TestClocks.DEVICE;
import static org.hearthgate.drivers.ble.TestClocks.NOW;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.obs.Quality;
import org.junit.jupiter.api.Test;

class HeartRateParserTest {
    private final HeartRateParser parser = new HeartRateParser(CLOCK);

    /** Rate 72, energy 1234 kJ, RR intervals 1024 and 512 (1 s, 0.5 s), as the flags ask. */
    static byte[] frame(int flags) {
        FrameBuilder b = FrameBuilder.flags(flags);
        if ((flags & 0x01) != 0) {
            b.u16(72);
        } else {
            b.u8(72);
        }
        if ((flags & 0x08) != 0) {
            b.u16(1234);
        }
        if ((flags & 0x10) != 0) {
            b.u16(1024).u16(512);
        }
        return b.build();
    }

    private HeartRate decode(byte[] frame) throws FrameException {
        return (HeartRate) ((Decoded.Readings) parser.parse(DEVICE, frame)).observations().get(0);
    }

    @Test
    void everyFlagCombinationDecodesItsFields() throws FrameException {
        for (int flags = 0; flags < 32; flags++) {
            HeartRate hr = decode(frame(flags));
            assertThat(hr.rate()).as("flags %02X", flags).isEqualTo(Quantity.of(72, Ucum.PER_MIN));
            assertThat(hr.at()).isEqualTo(NOW);
            boolean supported = (flags & 0x04) != 0;
            boolean detected = (flags & 0x02) != 0;
            assertThat(hr.skinContact()).isEqualTo(supported ? detected : null);
            assertThat(hr.quality()).isEqualTo(supported && !detected ? Set.of(Quality.NO_SKIN_CONTACT) : Set.of());
            assertThat(hr.energyExpended()).isEqualTo((flags & 0x08) != 0 ? Quantity.of(1234, Ucum.KJ) : null);
            assertThat(hr.rrIntervals()).isEqualTo((flags & 0x10) != 0 ? List.of(1.0, 0.5) : List.of());
        }
    }

    @Test
    void readsASixteenBitRate() throws FrameException {
        assertThat(decode(FrameBuilder.flags(0x01).u16(0x012C).build()).rate().value()).isEqualTo(300);
    }

    @Test
    void anImplausibleSixteenBitRateIsRejected() {
        byte[] f = FrameBuilder.flags(0x01).u16(1000).build();
        assertThatThrownBy(() -> parser.parse(DEVICE, f))
                .hasMessage("0x2A37 heart rate at offset 1: outside the plausible range 0..400 /min");
    }

    @Test
    void rrIntervalsAreSecondsInUnitsOf1024th() throws FrameException {
        byte[] f = FrameBuilder.flags(0x10).u8(60).u16(1000).u16(1).u16(0).build();
        assertThat(decode(f).rrIntervals()).containsExactly(1000 / 1024.0, 1 / 1024.0, 0.0);
    }

    @Test
    void aDanglingRrByteIsRejected() {
        byte[] f = FrameBuilder.flags(0x10).u8(60).u16(1000).u8(7).build();
        assertThatThrownBy(() -> parser.parse(DEVICE, f))
                .hasMessage("0x2A37 RR interval 1 at offset 4: expected 2 bytes, 1 left (frame is 5 bytes)");
    }

    @Test
    void rrFlagWithNoIntervalsIsAnEmptyList() throws FrameException {
        assertThat(decode(FrameBuilder.flags(0x10).u8(60).build()).rrIntervals()).isEmpty();
    }

    @Test
    void saturatedEnergyIsDroppedAndFlagged() throws FrameException {
        HeartRate hr = decode(FrameBuilder.flags(0x08).u8(60).u16(0xFFFF).build());
        assertThat(hr.energyExpended()).isNull();
        assertThat(hr.quality()).containsExactly(Quality.OPTIONAL_VALUE_UNAVAILABLE);
    }

    @Test
    void everyTruncationIsRejected() {
        for (int flags = 0; flags < 32; flags++) {
            byte[] full = frame(flags & ~0x10);
            for (int len = 0; len < full.length; len++) {
                byte[] cut = Arrays.copyOf(full, len);
                assertThatThrownBy(() -> parser.parse(DEVICE, cut)).as("flags %02X len %d", flags, len)
                        .isInstanceOf(FrameException.class).hasMessageContaining("expected");
            }
        }
    }
}
