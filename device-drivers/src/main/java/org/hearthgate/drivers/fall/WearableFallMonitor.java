package org.hearthgate.drivers.fall;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One wearable's accelerometer stream, end to end: the {@link FallDetector} finds falls, the {@link StillnessMonitor}
 * measures lying still, and the {@link FallPreAlarm} turns a fall into a cancellable pre-alarm and then an alarm.
 * Called from the wearable's driver thread, one sample at a time.
 */
public final class WearableFallMonitor {
    private final double sampleRateHz;
    private final FallDetector detector;
    private final StillnessMonitor stillness;
    private final FallPreAlarm preAlarm;

    public WearableFallMonitor(double sampleRateHz, FallParameters parameters, FallPreAlarm preAlarm) {
        this.sampleRateHz = sampleRateHz;
        this.detector = new FallDetector(sampleRateHz, parameters);
        this.stillness = new StillnessMonitor(sampleRateHz, parameters.stillMaxStdG());
        this.preAlarm = Objects.requireNonNull(preAlarm, "preAlarm");
    }

    /**
     * One sample in g, with the device's timestamp for it. The impact time of a fall is this timestamp minus the
     * samples since the impact, so it is right even though the decision comes a few seconds later.
     */
    public void accept(Instant sampleAt, double x, double y, double z) {
        Optional<FallEvent> fall = detector.accept(x, y, z);
        stillness.accept(x, y, z);
        if (fall.isPresent()) {
            FallEvent e = fall.get();
            long nanos = Math.round(e.samplesSinceImpact() * 1e9 / sampleRateHz);
            preAlarm.fallDetected(sampleAt.minusNanos(nanos), e.confidence());
        }
        preAlarm.stillFor(stillness.stillFor());
    }

    public FallPreAlarm preAlarm() {
        return preAlarm;
    }
}
