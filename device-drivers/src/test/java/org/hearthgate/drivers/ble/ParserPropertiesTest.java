package org.hearthgate.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Random;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.obs.Observation;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Property tests over random frames, with a seeded {@link Random}; the seed is in every failure message so that a
 * failing case can be replayed by putting it in {@link #replay()}.
 */
class ParserPropertiesTest {
    private static final DeviceId DEVICE = TestClocks.DEVICE;
    private final GattParsers parsers = GattParsers.create(TestClocks.CLOCK);

    @RepeatedTest(5)
    void randomFramesNeverCrashAnyParserAndEveryRejectionHasAReason() {
        check(new Random().nextLong(), 4_000);
    }

    @Test
    void replay() {
        check(20261122L, 4_000);
    }

    private void check(long seed, int rounds) {
        Random random = new Random(seed);
        for (int uuid : parsers.characteristics()) {
            CharacteristicParser parser = parsers.forCharacteristic(uuid).orElseThrow();
            for (int i = 0; i < rounds; i++) {
                byte[] frame = randomFrame(random);
                try {
                    Decoded d = parser.parse(DEVICE, frame);
                    assertThat(d).as("seed %d frame %s", seed, FrameBuilder.hex(frame)).isNotNull();
                    if (d instanceof Decoded.Readings r) {
                        for (Observation o : r.observations()) {
                            assertThat(o.device()).isEqualTo(DEVICE);
                            assertThat(o.at()).isNotNull();
                        }
                    }
                } catch (FrameException e) {
                    assertThat(e.getMessage()).as("seed %d frame %s", seed, FrameBuilder.hex(frame))
                            .startsWith(GattUuids.name(uuid) + " ").contains(": ");
                } catch (RuntimeException e) {
                    fail("seed " + seed + ": " + GattUuids.name(uuid) + " crashed on " + FrameBuilder.hex(frame), e);
                }
            }
        }
    }

    /** Mostly short frames with plausible flag bytes, sometimes long garbage: where the layout bugs hide. */
    private static byte[] randomFrame(Random random) {
        int length = random.nextInt(10) == 0 ? random.nextInt(64) : random.nextInt(24);
        byte[] frame = new byte[length];
        random.nextBytes(frame);
        if (length > 0 && random.nextBoolean()) {
            frame[0] = (byte) random.nextInt(32);
        }
        return frame;
    }

    @Test
    void nullAndEmptyFramesAreRejectedWithAReason() {
        for (int uuid : parsers.characteristics()) {
            CharacteristicParser parser = parsers.forCharacteristic(uuid).orElseThrow();
            assertThat(rejection(parser, null)).isEqualTo(GattUuids.name(uuid) + ": no value");
            assertThat(rejection(parser, new byte[0])).startsWith(GattUuids.name(uuid) + " ")
                    .contains("expected");
        }
    }

    private static String rejection(CharacteristicParser parser, byte[] frame) {
        try {
            parser.parse(DEVICE, frame);
            return "accepted";
        } catch (FrameException e) {
            return e.getMessage();
        }
    }
}
