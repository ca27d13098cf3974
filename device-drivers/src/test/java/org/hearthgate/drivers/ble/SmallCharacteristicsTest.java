package org.hearthgate.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hearthgate.drivers.ble.TestClocks.CLOCK;
import static org.hearthgate.drivers.ble.TestClocks.DEVICE;
import static org.hearthgate.drivers.ble.TestClocks.NOW;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BatteryLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmallCharacteristicsTest {
    private final BatteryLevelParser battery = new BatteryLevelParser(CLOCK);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 50, 100})
    void batteryLevelIsAPercentage(int level) throws FrameException {
        Decoded.Readings r = (Decoded.Readings) battery.parse(DEVICE, new byte[] {(byte) level});
        assertThat(r.observations()).containsExactly(new BatteryLevel(DEVICE, NOW, Quantity.of(level, Ucum.PERCENT)));
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 200, 255})
    void batteryLevelAbove100IsRejected(int level) {
        assertThatThrownBy(() -> battery.parse(DEVICE, new byte[] {(byte) level}))
                .hasMessage("0x2A19 battery level at offset 0: is above 100 % (values 101..255 are reserved)");
    }

    @Test
    void batteryLevelWithTrailingBytesIsRejected() {
        assertThatThrownBy(() -> battery.parse(DEVICE, new byte[] {50, 0}))
                .hasMessageContaining("1 unexpected byte");
    }

    @Test
    void currentTimeCarriesLocalTimeDayOfWeekFractionAndReason() throws FrameException {
        ZonedDateTime now = ZonedDateTime.of(2026, 11, 22, 9, 0, 5, 500_000_000, ZoneId.of("Europe/Berlin"));
        byte[] b = CurrentTime.encode(now, CurrentTime.EXTERNAL_REFERENCE);
        assertThat(FrameBuilder.hex(b)).isEqualTo("EA070B16090005" + "07" + "80" + "02");
        assertThat(GattDateTime.decode(b, 0, (f, r) -> new FrameException(r)))
                .contains(LocalDateTime.of(2026, 11, 22, 9, 0, 5));
    }

    @Test
    void currentTimeRefusesReservedAdjustReasonBits() {
        assertThatThrownBy(() -> CurrentTime.encode(ZonedDateTime.now(CLOCK), 0x10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deduplicatorForwardsARecordOnceAndForgetsTheOldestBeyondCapacity() {
        RecordDeduplicator dedup = new RecordDeduplicator(2);
        LocalDateTime t = LocalDateTime.of(2026, 11, 22, 8, 0);
        RecordKey a = new RecordKey(0x2A35, t, null, 1, "120/80");
        RecordKey b = new RecordKey(0x2A35, t.plusMinutes(1), null, 1, "121/80");
        RecordKey c = new RecordKey(0x2A35, t.plusMinutes(2), null, 1, "122/80");
        assertThat(dedup.firstSighting(a)).isTrue();
        assertThat(dedup.firstSighting(a)).isFalse();
        assertThat(dedup.firstSighting(b)).isTrue();
        assertThat(dedup.firstSighting(c)).isTrue();
        assertThat(dedup.size()).isEqualTo(2);
        assertThat(dedup.firstSighting(a)).as("evicted, so seen as new").isTrue();
    }

    @Test
    void twoDifferentReadingsWithTheSameStampAreNotMerged() {
        RecordDeduplicator dedup = new RecordDeduplicator(8);
        LocalDateTime t = LocalDateTime.of(2026, 11, 22, 8, 0);
        assertThat(dedup.firstSighting(new RecordKey(0x2A35, t, null, 1, "120/80"))).isTrue();
        assertThat(dedup.firstSighting(new RecordKey(0x2A35, t, null, 1, "150/95"))).isTrue();
        assertThat(dedup.firstSighting(new RecordKey(0x2A35, t, null, 2, "120/80"))).isTrue();
    }

    @Test
    void uuidsParseInEveryCommonSpelling() {
        for (String s : List.of("2A35", "2a35", "0x2A35", "0X2a35", " 2A35 ")) {
            assertThat(GattUuids.parse(s)).isEqualTo(0x2A35);
        }
        assertThatThrownBy(() -> GattUuids.parse("2A3G")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GattUuids.parse("12345")).isInstanceOf(IllegalArgumentException.class);
        assertThat(GattUuids.toLong(0x2A35)).isEqualTo("00002a35-0000-1000-8000-00805f9b34fb");
        assertThat(GattUuids.fromLong("00002A35-0000-1000-8000-00805F9B34FB")).isEqualTo(0x2A35);
        assertThat(GattUuids.fromLong("6e400001-b5a3-f393-e0a9-e50e24dcca9e")).isEqualTo(-1);
    }

    @Test
    void recordAccessRequestsAreEncodedAsGlsDefinesThem() {
        assertThat(RecordAccessControlPoint.reportAllRecords()).containsExactly(0x01, 0x01);
        assertThat(RecordAccessControlPoint.reportRecordsFrom(0x1234)).containsExactly(0x01, 0x03, 0x01, 0x34, 0x12);
        assertThatThrownBy(() -> RecordAccessControlPoint.reportRecordsFrom(0x10000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordAccessResponsesAreDecodedAndMalformedOnesRejected() throws FrameException {
        RecordAccessControlPoint.Response ok = RecordAccessControlPoint.parseResponse(new byte[] {6, 0, 1, 1});
        assertThat(ok.success()).isTrue();
        RecordAccessControlPoint.Response none = RecordAccessControlPoint.parseResponse(new byte[] {6, 0, 1, 6});
        assertThat(none.nothingNew()).isTrue();
        assertThat(none.describe()).isEqualTo("no records found");
        assertThat(RecordAccessControlPoint.parseResponse(new byte[] {6, 0, 1, 42}).describe())
                .isEqualTo("reserved response code 42");
        assertThatThrownBy(() -> RecordAccessControlPoint.parseResponse(new byte[] {5, 0, 1, 0}))
                .hasMessage("0x2A52 op code at offset 0: expected 0x06 (response code), got a different op code");
        assertThatThrownBy(() -> RecordAccessControlPoint.parseResponse(new byte[] {6, 0, 1}))
                .hasMessage("0x2A52 response code at offset 3: expected 1 byte, 0 left (frame is 3 bytes)");
    }

    @Test
    void backoffDoublesUpToItsCapAndRefusesNonsense() {
        Backoff b = new Backoff(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(5));
        assertThat(java.util.stream.IntStream.range(0, 6).mapToObj(b::delay).map(java.time.Duration::getSeconds))
                .containsExactly(1L, 2L, 4L, 5L, 5L, 5L);
        assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThatThrownBy(() -> new Backoff(java.time.Duration.ZERO, java.time.Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deviceConfigNormalisesTheAddressAndRejectsBadValuesByName() {
        assertThat(BleDeviceConfig.of(DEVICE, "aa:bb:cc:dd:ee:0f").address()).isEqualTo("AA:BB:CC:DD:EE:0F");
        assertThatThrownBy(() -> BleDeviceConfig.of(DEVICE, "AA:BB:CC:DD:EE"))
                .hasMessageStartingWith("address:");
        assertThatThrownBy(() -> new BleDeviceConfig(DEVICE, "AA:BB:CC:DD:EE:0F", true, Backoff.DEFAULT, 0))
                .hasMessageStartingWith("dedupCapacity:");
    }
}
