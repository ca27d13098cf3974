package org.hearthgate.drivers.ble;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Every characteristic the hub decodes, by 16-bit UUID. Immutable and thread-safe. */
public final class GattParsers {
    private final Map<Integer, CharacteristicParser> byUuid;

    private GattParsers(Map<Integer, CharacteristicParser> byUuid) {
        this.byUuid = Map.copyOf(byUuid);
    }

    /** All parsers, with the Weight Scale Feature the scale reported (or {@link WeightScaleFeature#DEFAULT}). */
    public static GattParsers create(Clock clock, WeightScaleFeature weightFeature) {
        Map<Integer, CharacteristicParser> m = new TreeMap<>();
        for (CharacteristicParser p : new CharacteristicParser[] {
            BloodPressureParser.measurement(clock), BloodPressureParser.intermediateCuffPressure(clock),
            new HeartRateParser(clock), new PlxSpotCheckParser(clock), new PlxContinuousParser(clock),
            new TemperatureParser(clock), new WeightParser(clock, weightFeature),
            new GlucoseMeasurementParser(clock), new GlucoseContextParser(), new BatteryLevelParser(clock)}) {
            m.put(p.characteristic(), p);
        }
        return new GattParsers(m);
    }

    public static GattParsers create(Clock clock) {
        return create(clock, WeightScaleFeature.DEFAULT);
    }

    public Optional<CharacteristicParser> forCharacteristic(int uuid16) {
        return Optional.ofNullable(byUuid.get(uuid16));
    }

    public Set<Integer> characteristics() {
        return byUuid.keySet();
    }
}
