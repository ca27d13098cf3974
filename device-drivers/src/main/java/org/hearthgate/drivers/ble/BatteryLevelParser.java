package org.hearthgate.drivers.ble;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BatteryLevel;

/** Battery Level (0x2A19, read or notified; BAS 1.0): u8 percent, 0..100; 101..255 are reserved and rejected. */
public final class BatteryLevelParser implements CharacteristicParser {
    private final Clock clock;

    public BatteryLevelParser(Clock clock) {
        this.clock = clock;
    }

    @Override
    public int characteristic() {
        return GattUuids.BATTERY_LEVEL;
    }

    @Override
    public Decoded parse(DeviceId device, byte[] frame) throws FrameException {
        Measurement m = new Measurement(characteristic(), frame, clock);
        int level = m.in.u8("battery level");
        if (level > 100) {
            throw m.in.error("battery level", 0, "is above 100 % (values 101..255 are reserved)");
        }
        m.in.end();
        Quantity percent = Quantity.of(level, Ucum.PERCENT);
        BatteryLevel b = m.build(() -> new BatteryLevel(device, clock.instant(), percent));
        return new Decoded.Readings(List.of(b), Optional.empty(), false, m.notes);
    }
}
