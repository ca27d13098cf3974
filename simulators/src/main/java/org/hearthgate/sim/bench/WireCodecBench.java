package org.hearthgate.sim.bench;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.Quality;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.contract.wire.Topic;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** How many wire messages one core can encode, and decode with full validation, per second. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WireCodecBench {
    private final WireCodec codec = new WireCodec();
    private final Topic topic = Topics.parse("hg/v1/acme/hub-0001/up/reading");
    private final Message message = new Message(1, MessageId.random(), HubId.of("hub-0001"), 42,
            Instant.ofEpochMilli(1_763_798_400_000L), new Reading(ResidentId.of("res-7f3a"),
                    new BloodPressure(DeviceId.of("cuff-1"), Instant.ofEpochMilli(1_763_798_400_000L),
                            Quantity.of(128, Ucum.MM_HG), Quantity.of(82, Ucum.MM_HG), Quantity.of(97, Ucum.MM_HG),
                            Quantity.of(71, Ucum.PER_MIN), 1, Set.of(Quality.IRREGULAR_PULSE))));
    private final byte[] encoded = codec.encode(message);

    @Benchmark
    public byte[] encode() {
        return codec.encode(message);
    }

    @Benchmark
    public Message decodeAndValidate() {
        return codec.decode(topic, encoded);
    }
}
