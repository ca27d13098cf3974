package org.hearthgate.sim.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.hearthgate.drivers.fall.FallDetector;
import org.hearthgate.drivers.fall.FallParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the streaming fall detector on one thread, in samples per second (the score is per sample thanks to
 * {@link OperationsPerInvocation}). The signal is a minute of brisk walking whose steps keep opening candidates,
 * a fall and lying still, so the state machine's busy paths are measured, not just the idle filter.
 * Run: {@code java -cp <simulators classpath> org.openjdk.jmh.Main FallDetectorBench -f 1 -wi 2 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FallDetectorBench {
    static final int SAMPLES = 16_384;

    @Param({"50", "200"})
    double rateHz;

    private double[] x;
    private double[] y;
    private double[] z;
    private FallDetector detector;

    @Setup
    public void setUp() {
        Random r = new Random(7);
        x = new double[SAMPLES];
        y = new double[SAMPLES];
        z = new double[SAMPLES];
        int fallAt = SAMPLES * 3 / 4;
        for (int i = 0; i < SAMPLES; i++) {
            double t = i / rateHz;
            if (i < fallAt) {
                // Brisk walking: a 2 Hz bounce whose peaks cross the trigger.
                y[i] = -1 - 0.55 * Math.sin(2 * Math.PI * 2 * t);
                x[i] = 0.1 * Math.sin(2 * Math.PI * t);
            } else if (i < fallAt + rateHz * 0.15) {
                x[i] = 0.5;
                y[i] = -2.0;
                z[i] = -3.0;
            } else {
                z[i] = -1;
            }
            x[i] += 0.01 * r.nextGaussian();
            y[i] += 0.01 * r.nextGaussian();
            z[i] += 0.01 * r.nextGaussian();
        }
        detector = new FallDetector(rateHz, FallParameters.defaults());
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public void samples(Blackhole bh) {
        FallDetector d = detector;
        for (int i = 0; i < SAMPLES; i++) {
            bh.consume(d.accept(x[i], y[i], z[i]));
        }
    }
}
