package org.hearthgate.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.hearthgate.contract.Samples;
import org.hearthgate.contract.obs.Observation;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private final WireCodec codec = new WireCodec();

    @Test
    void everyMessageTypeRoundTrips() {
        long seed = new Random().nextLong();
        Samples samples = new Samples(new Random(seed));
        for (int i = 0; i < 5_000; i++) {
            Message m = samples.message();
            byte[] bytes = codec.encode(m);
            assertThat(codec.decode(bytes)).as("seed %d, %s", seed, new String(bytes, StandardCharsets.UTF_8))
                    .isEqualTo(m);
        }
    }

    @Test
    void everyObservationTypeRoundTripsOnItsOwn() {
        long seed = new Random().nextLong();
        Samples samples = new Samples(new Random(seed));
        for (Class<?> type : Samples.OBSERVATION_TYPES) {
            for (int i = 0; i < 200; i++) {
                Observation o = samples.observation(type);
                assertThat(codec.decodeObservation(codec.encodeObservation(o))).as("seed %d", seed).isEqualTo(o);
            }
        }
    }

    @Test
    void everySealedSubtypeHasAWireName() {
        assertThat(WireTypes.OBSERVATIONS.keySet())
                .as("an Observation subtype without a wire name in WireTypes cannot be sent")
                .containsExactlyInAnyOrder(Observation.class.getPermittedSubclasses());
        assertThat(WireTypes.PAYLOADS.keySet())
                .as("a Payload subtype without a wire name in WireTypes cannot be sent")
                .containsExactlyInAnyOrder(Payload.class.getPermittedSubclasses());
        assertThat(WireTypes.OBSERVATIONS.values()).doesNotHaveDuplicates();
        assertThat(WireTypes.PAYLOADS.values()).doesNotHaveDuplicates();
    }

    @Test
    void everySealedSubtypeHasASampleGenerator() {
        Samples samples = new Samples(new Random(1));
        for (Class<?> type : Samples.OBSERVATION_TYPES) {
            assertThat(samples.observation(type)).isInstanceOf(type);
        }
        for (Class<?> type : Samples.PAYLOAD_TYPES) {
            assertThat(samples.payload(type)).isInstanceOf(type);
        }
    }

    @Test
    void unknownFieldsAreIgnored() {
        Message m = codec.decode(bytes("""
                {"v":1,"id":"m-1","hub":"hub-1","seq":3,"at":1732262400000,"future":"x",
                 "body":{"type":"status","online":true,"colour":"red"}}"""));
        assertThat(m.body()).isEqualTo(new HubStatus(true));
    }

    @Test
    void rejectionNamesTheFieldThatIsWrong() {
        assertRejected("""
                {"v":1,"id":"m-1","hub":"hub-1","seq":3,"at":1,"body":{"type":"reading","resident":"r1",
                 "observation":{"kind":"bloodPressure","device":"c1","at":1,
                   "systolic":{"value":900,"unit":"mm[Hg]"},"diastolic":{"value":80,"unit":"mm[Hg]"}}}}""",
                "body.observation.systolic");
        assertRejected("""
                {"v":1,"id":"m-1","hub":"hub-1","seq":3,"at":1,"body":{"type":"reading","resident":"r1",
                 "observation":{"kind":"bloodPressure","device":"c1","at":1,
                   "systolic":{"value":120,"unit":"kg"},"diastolic":{"value":80,"unit":"mm[Hg]"}}}}""",
                "body.observation.systolic");
        assertRejected("""
                {"v":1,"id":"m-1","hub":"hub-1","seq":3,"at":1,"body":{"type":"reading","resident":"r1",
                 "observation":{"kind":"bloodPressure","device":"c1","at":1,
                   "diastolic":{"value":80,"unit":"mm[Hg]"}}}}""", "body.observation.systolic");
        assertRejected("""
                {"v":1,"id":"m-1","hub":"hub-1","seq":3,"at":1,"body":{"type":"reading","resident":"r1",
                 "observation":{"kind":"teleporter","device":"c1","at":1}}}""", "body.observation.kind");
        assertRejected("""
                {"v":1,"id":"m-1","hub":"hub-1","seq":-1,"at":1,"body":{"type":"status","online":true}}""", "seq");
        assertRejected("""
                {"v":9,"id":"m-1","hub":"hub-1","seq":1,"at":1,"body":{"type":"status","online":true}}""", "v");
        assertRejected("""
                {"v":1,"id":"m 1","hub":"hub-1","seq":1,"at":1,"body":{"type":"status","online":true}}""", "id");
        assertRejected("""
                {"v":1,"id":"m-1","hub":"hub-1","seq":1,"at":1,"body":{"type":"status"}}""", "body.online");
        assertRejected("""
                {"v":1,"id":"m-1","hub":"hub-1","seq":1,"at":"yesterday","body":{"type":"status","online":true}}""",
                "at");
        assertRejected("""
                {"v":1,"id":"m-1","hub":"hub-1","seq":1,"at":1}""", "body");
        assertRejected("{\"v\":1,", "$");
        assertRejected("[]", "$");
        assertRejected("null", "$");
    }

    @Test
    void oversizedPayloadIsRejectedBeforeParsing() {
        byte[] big = new byte[WireCodec.MAX_PAYLOAD_BYTES + 1];
        assertThatThrownBy(() -> codec.decode(big)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("exceeds the limit");
    }

    @Test
    void aHubMaySpeakOnlyForItselfAndOnlyOnTheRightChannel() {
        Samples samples = new Samples(new Random(7));
        Message m = new Message(1, org.hearthgate.contract.MessageId.random(), org.hearthgate.contract.HubId.of("hub-1"),
                1, java.time.Instant.ofEpochMilli(5), samples.payload(Reading.class));
        byte[] bytes = codec.encode(m);
        assertThat(codec.decode(Topics.parse("hg/v1/t1/hub-1/up/reading"), bytes)).isEqualTo(m);
        assertThatThrownBy(() -> codec.decode(Topics.parse("hg/v1/t1/hub-2/up/reading"), bytes))
                .isInstanceOf(WireFormatException.class).hasMessageStartingWith("hub:");
        assertThatThrownBy(() -> codec.decode(Topics.parse("hg/v1/t1/hub-1/up/alarm"), bytes))
                .isInstanceOf(WireFormatException.class).hasMessageStartingWith("body.type:");
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButAWireFormatException() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        Samples samples = new Samples(random);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = codec.encode(samples.message());
            // mutate a valid message: flip, drop or insert bytes
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                int pos = random.nextInt(bytes.length);
                bytes[pos] = (byte) random.nextInt(256);
            }
            int cut = random.nextInt(bytes.length + 1);
            byte[] mutated = random.nextBoolean() ? bytes : java.util.Arrays.copyOf(bytes, cut);
            try {
                codec.decode(mutated);
            } catch (WireFormatException e) {
                assertThat(e.field()).as("seed %d", seed).isNotBlank();
                assertThat(e.reason()).as("seed %d", seed).isNotBlank();
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": escaped " + e + " for "
                        + new String(mutated, StandardCharsets.UTF_8), e);
            }
        }
    }

    @Test
    void bytesJacksonTakesForUtf32AreARejectionNotACrash() {
        byte[] poison = {0x00, 0x00, 0x00, 0x7B, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThatThrownBy(() -> codec.decode(poison)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void timesAreIntegerEpochMillisAndNothingElse() {
        for (String at : new String[] {"1.0e16", "1.7e12", "1e309", "\"2026-01-01T00:00:00Z\"", "1732262400000.5",
                "99999999999999999999", "true", "-62135596800000000"}) {
            assertRejected("{\"v\":1,\"id\":\"m-1\",\"hub\":\"hub-1\",\"seq\":3,\"at\":" + at
                    + ",\"body\":{\"type\":\"status\",\"online\":true}}", "at");
        }
        assertThat(codec.decode(bytes("{\"v\":1,\"id\":\"m-1\",\"hub\":\"hub-1\",\"seq\":3,\"at\":1732262400000,"
                + "\"body\":{\"type\":\"status\",\"online\":true}}")).at())
                .isEqualTo(java.time.Instant.ofEpochMilli(1_732_262_400_000L));
    }

    private void assertRejected(String json, String field) {
        assertThatThrownBy(() -> codec.decode(bytes(json)))
                .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
