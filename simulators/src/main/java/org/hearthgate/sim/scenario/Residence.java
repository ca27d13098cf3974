package org.hearthgate.sim.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearthgate.alerts.AlertEngine;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.drivers.Driver;
import org.hearthgate.drivers.DriverCallback;
import org.hearthgate.drivers.ble.Backoff;
import org.hearthgate.drivers.ble.BleDeviceConfig;
import org.hearthgate.drivers.ble.BleDeviceDriver;
import org.hearthgate.drivers.ble.GattUuids;
import org.hearthgate.drivers.ble.RecordDeduplicator;
import org.hearthgate.drivers.gpio.GpioInput;
import org.hearthgate.drivers.gpio.InputKind;
import org.hearthgate.hub.Annunciator;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubObserver;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.hub.outbox.SqliteOutbox;
import org.hearthgate.hub.uplink.Uplink;
import org.hearthgate.drivers.fall.FallParameters;
import org.hearthgate.drivers.fall.FallPreAlarm;
import org.hearthgate.drivers.fall.WearableFallDriver;
import org.hearthgate.sim.devices.AccelerometerTrace;
import org.hearthgate.sim.devices.GattFrames;
import org.hearthgate.sim.fall.SisFallReader;
import org.hearthgate.sim.devices.SimulatedGattDevice;
import org.hearthgate.sim.devices.SimulatedGpio;
import org.hearthgate.sim.devices.SimulatedRadioPendant;
import org.hearthgate.sim.persona.Act;
import org.hearthgate.sim.persona.Persona;
import org.hearthgate.sim.persona.Routine;
import org.hearthgate.sim.persona.Step;
import org.hearthgate.sim.persona.Vitals;

/**
 * A simulated home around a real {@link Hub} on a virtual clock: wired sensors on the hub's GPIO (Pi4J mock), a blood
 * pressure cuff and a scale over Bluetooth (byte-level GATT frames through the hub's BLE driver), a radio pendant,
 * and the home's broadband in front of the cloud. Scenarios drive it; the clock moves only when they say, and the hub
 * runs its timers on every half minute of virtual time on the way, so a week takes seconds.
 *
 * <p>Every act waits until the hub has taken the resulting observation in, so a run is repeatable.
 */
public final class Residence implements AutoCloseable {
    public static final ZoneId ZONE = ZoneId.of("Europe/London");
    public static final DeviceId PENDANT = DeviceId.of("pendant-1");
    public static final DeviceId FRONT_DOOR = DeviceId.of("front-door");
    public static final DeviceId BED = DeviceId.of("bed-1");
    public static final DeviceId UPS = DeviceId.of("ups");
    public static final DeviceId CUFF = DeviceId.of("cuff-1");
    public static final DeviceId SCALE = DeviceId.of("scale-1");
    public static final DeviceId RADIO_PENDANT = DeviceId.of("pendant-radio");
    public static final DeviceId WEARABLE = DeviceId.of("wearable-1");
    public static final List<String> ROOMS = List.of("bedroom", "bathroom", "kitchen", "lounge", "hall");
    private static final Duration TICK = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private final ManualClock clock;
    private final LocalDate firstDay;
    private final Persona persona;
    private final Routine routine;
    private final Vitals vitals;
    private final SimulatedGpio gpio;
    private final SimulatedGattDevice cuff = new SimulatedGattDevice("AA:BB:CC:DD:EE:01",
            GattUuids.BLOOD_PRESSURE_MEASUREMENT);
    private final SimulatedGattDevice scale = new SimulatedGattDevice("AA:BB:CC:DD:EE:02",
            GattUuids.WEIGHT_MEASUREMENT);
    private final SimulatedRadioPendant radioPendant;
    private final WearableFallDriver wearable;
    private final ScenarioUplink uplink;
    private final Hub hub;
    /** Measurements (not status or battery) each device has handed the hub, to wait for asynchronous drivers. */
    private final Map<DeviceId, AtomicInteger> measured = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final List<String> log = new ArrayList<>();

    Residence(HubSettings settings, CarePlan plan, Persona persona, LocalDateTime start, Uplink cloud, Path workDir,
            Annunciator annunciator, HubObserver observer) {
        this.clock = new ManualClock(start.atZone(ZONE).toInstant(), ZONE);
        this.firstDay = start.toLocalDate();
        this.persona = persona;
        this.routine = new Routine(persona);
        this.vitals = new Vitals(persona);
        List<GpioInput> wiring = new ArrayList<>(List.of(
                SimulatedGpio.input(PENDANT.value(), InputKind.PENDANT, 17, null),
                SimulatedGpio.input(FRONT_DOOR.value(), InputKind.DOOR, 27, "front door"),
                SimulatedGpio.input(BED.value(), InputKind.BED_PAD, 22, "bedroom"),
                SimulatedGpio.input(UPS.value(), InputKind.MAINS_POWER, 24, null)));
        int[] pirPins = {5, 6, 13, 19, 26};
        for (int i = 0; i < ROOMS.size(); i++) {
            wiring.add(SimulatedGpio.input("pir-" + ROOMS.get(i), InputKind.PIR, pirPins[i], ROOMS.get(i)));
        }
        this.gpio = new SimulatedGpio(wiring, clock);
        this.radioPendant = new SimulatedRadioPendant(RADIO_PENDANT, clock);
        this.wearable = new WearableFallDriver(WEARABLE, settings.resident(), SisFallReader.RATE_HZ,
                FallParameters.defaults(), FallPreAlarm.Config.DEFAULT, clock);
        Backoff quick = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200));
        List<Driver> drivers = List.of(counted(gpio.driver()),
                counted(new BleDeviceDriver(new BleDeviceConfig(CUFF, "AA:BB:CC:DD:EE:01", true, quick,
                        RecordDeduplicator.DEFAULT_CAPACITY), cuff, clock)),
                counted(new BleDeviceDriver(new BleDeviceConfig(SCALE, "AA:BB:CC:DD:EE:02", true, quick,
                        RecordDeduplicator.DEFAULT_CAPACITY), scale, clock)),
                counted(radioPendant), counted(wearable));
        this.uplink = new ScenarioUplink(cloud, settings.tenant(), settings.hub(), clock);
        this.hub = new Hub(settings, new SqliteOutbox(workDir.resolve("outbox-" + settings.hub() + ".db"), 100_000),
                uplink, new AlertEngine(settings.resident(), plan, clock), drivers, annunciator, watching(observer),
                clock);
    }

    void start() throws InterruptedException {
        hub.start();
        // The Bluetooth drivers connect on their own threads: wait for both links, so readings go out live.
        // A real cloud: wait for the broker too, or the hub would report the link down before the story begins.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        synchronized (progress) {
            while (!cuff.isConnected() || !scale.isConnected() || !uplink.isConnected()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(uplink.isConnected()
                            ? "the simulated cuff and scale did not connect within 30 s"
                            : "the broker did not accept the hub's connection within 30 s");
                }
                progress.wait(10);
            }
        }
        hub.tickNow();
    }

    /** Alarms raised and not yet receipted by the cloud. */
    private final AtomicInteger alarmsInFlight = new AtomicInteger();

    /** Follows the alarms in flight, and tells the host's observer everything as it happens. */
    private HubObserver watching(HubObserver host) {
        return new HubObserver() {
            @Override
            public void alarmRaised(org.hearthgate.contract.wire.AlarmRaised alarm, Instant triggeredAt) {
                alarmsInFlight.incrementAndGet();
                host.alarmRaised(alarm, triggeredAt);
            }

            @Override
            public void alarmReceipted(org.hearthgate.contract.wire.AlarmRaised alarm, Instant triggeredAt,
                    Instant receiptAt) {
                alarmsInFlight.decrementAndGet();
                synchronized (progress) {
                    progress.notifyAll();
                }
                host.alarmReceipted(alarm, triggeredAt, receiptAt);
            }

            @Override
            public void ackReceived(org.hearthgate.contract.wire.Ack ack, Instant at) {
                host.ackReceived(ack, at);
            }

            @Override
            public void alarmOverdue(org.hearthgate.contract.wire.AlarmRaised alarm) {
                host.alarmOverdue(alarm);
            }
        };
    }

    /**
     * Virtual time runs far faster than a receipt travels: while the cloud is reachable, an alarm in flight holds the
     * clock (up to 10 s of real time), so the hub sees its receipt as promptly as it would in real life instead of
     * announcing "no connection" after 8 virtual seconds.
     */
    private void letAlarmsArrive() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        synchronized (progress) {
            while (alarmsInFlight.get() > 0 && uplink.isConnected() && System.nanoTime() < deadline) {
                progress.wait(5);
            }
        }
    }

    /** Counts what a driver hands the hub, then passes it on unchanged. */
    private Driver counted(Driver d) {
        return new Driver() {
            @Override
            public String name() {
                return d.name();
            }

            @Override
            public List<DeviceId> devices() {
                return d.devices();
            }

            @Override
            public void start(DriverCallback hubCallback) {
                d.start(new DriverCallback() {
                    @Override
                    public void observed(Observation o) {
                        hubCallback.observed(o);
                        if (!(o instanceof DeviceStatus) && !(o instanceof BatteryLevel)) {
                            measured.computeIfAbsent(o.device(), k -> new AtomicInteger()).incrementAndGet();
                            synchronized (progress) {
                                progress.notifyAll();
                            }
                        }
                    }

                    @Override
                    public void event(Event event) {
                        hubCallback.event(event);
                    }

                    @Override
                    public void cancelPressed() {
                        hubCallback.cancelPressed();
                    }
                });
            }

            @Override
            public void cancelPressed() {
                d.cancelPressed();
            }

            @Override
            public void close() {
                d.close();
            }
        };
    }

    // ---- time ----

    public ManualClock clock() {
        return clock;
    }

    public LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZONE);
    }

    /** Day {@code n} of the scenario (0 is the first). */
    public LocalDate day(int n) {
        return firstDay.plusDays(n);
    }

    public Persona persona() {
        return persona;
    }

    public Vitals vitals() {
        return vitals;
    }

    /** Moves the clock to {@code t} (local time), running the hub's timers on every half minute on the way. */
    public void at(LocalDateTime t) throws InterruptedException {
        Instant until = t.atZone(ZONE).toInstant();
        while (clock.instant().isBefore(until)) {
            // Ticks on the 30 s grid (hh:mm:00, hh:mm:30), so a rule due on a whole minute fires at that minute.
            long tick = TICK.toMillis();
            Instant next = Instant.ofEpochMilli((clock.millis() / tick + 1) * tick);
            letAlarmsArrive();
            clock.set(next.isBefore(until) ? next : until);
            hub.tickNow();
        }
    }

    public void after(Duration d) throws InterruptedException {
        at(now().plus(d));
    }

    // ---- the resident's day ----

    /**
     * Lives the persona's ordinary day (from getting up on {@code day} to just before getting up the next morning),
     * taking blood pressure and weighing if asked: only the steps from {@code from} (inclusive) to {@code until}
     * (exclusive), each null for no bound, so a scenario can break into a day.
     */
    public void live(LocalDate day, boolean bloodPressure, boolean weigh, LocalDateTime from, LocalDateTime until)
            throws InterruptedException {
        for (Step s : routine.day(day, bloodPressure, weigh)) {
            if (from != null && s.at().isBefore(from)) {
                continue;
            }
            if (until != null && !s.at().isBefore(until)) {
                return;
            }
            if (s.at().isAfter(now())) {
                at(s.at());
            }
            switch (s.act()) {
                case Act.EnterRoom r -> motion(r.room());
                case Act.Bed b -> bed(b.occupied());
                case Act.FrontDoor d -> frontDoor(d.open());
                case Act.TakeBloodPressure bp -> bloodPressure(day, now().getHour() < 14 ? 0 : 1);
                case Act.Weigh w -> weigh(vitals.weight(day));
            }
        }
    }

    public void live(LocalDate day, boolean bloodPressure, boolean weigh) throws InterruptedException {
        live(day, bloodPressure, weigh, null, null);
    }

    /**
     * Lives on from the clock's time to {@code until}: the persona's ordinary days (with the blood pressure and
     * weighing asked for), then the clock set to {@code until}. Called again and again with the wall clock's time it
     * keeps a home going in real time after its scenario, its routine the same whatever the steps (days are seeded).
     */
    public void liveUntil(LocalDateTime until, boolean bloodPressure, boolean weigh) throws InterruptedException {
        LocalDateTime from = now();
        if (!until.isAfter(from)) {
            return;
        }
        // A routine day runs from getting up to getting up the next morning: the night belongs to the day before.
        for (LocalDate d = from.toLocalDate().minusDays(1); !d.isAfter(until.toLocalDate()); d = d.plusDays(1)) {
            live(d, bloodPressure, weigh, from, until);
        }
        at(until);
    }

    /** The time the persona gets up on {@code day}. */
    public LocalDateTime wakes(LocalDate day) {
        return routine.wakes(day);
    }

    // ---- wired sensors ----

    private void wired(DeviceId device, boolean active) throws InterruptedException {
        gpio.set(device, active);
        hub.tickNow();
    }

    /** Someone moves in {@code room}: its PIR relay closes, then opens again 20 s later. */
    public void motion(String room) throws InterruptedException {
        DeviceId pir = DeviceId.of("pir-" + room);
        wired(pir, true);
        after(SETTLE);
        wired(pir, false);
        note("motion " + room);
    }

    public void bed(boolean occupied) throws InterruptedException {
        wired(BED, occupied);
        note(occupied ? "into bed" : "out of bed");
    }

    public void frontDoor(boolean open) throws InterruptedException {
        wired(FRONT_DOOR, open);
        note(open ? "front door open" : "front door closed");
    }

    /** The resident presses the wired pendant (its receiver's relay closes for a second). */
    public void pressPendant() throws InterruptedException {
        wired(PENDANT, true);
        after(Duration.ofSeconds(1));
        wired(PENDANT, false);
        note("pendant pressed");
    }

    /** The hub's UPS reports mains lost ({@code false}) or back. */
    public void mains(boolean on) throws InterruptedException {
        wired(UPS, !on);
        note(on ? "mains back" : "mains lost");
    }

    // ---- radio pendant ----

    public void radioPendantBattery(int percent) {
        radioPendant.battery(percent);
    }

    public void radioPendantCheckIn() throws InterruptedException {
        radioPendant.checkIn();
        hub.tickNow();
    }

    /** Returns whether the press left the pendant (a flat one sends nothing). */
    public boolean pressRadioPendant() throws InterruptedException {
        boolean sent = radioPendant.press();
        hub.tickNow();
        note(sent ? "radio pendant pressed" : "radio pendant pressed, but it is flat: nothing sent");
        return sent;
    }

    // ---- the wearable fall detector ----

    /**
     * The resident, wearing the belt sensor, moves as a recorded SisFall trial did (a fall, or a daily activity), and
     * then lies still for {@code lyingStill}: the hub's fall detector decides.
     */
    public void wearableTrace(Path sisFallTrial, Duration lyingStill) throws InterruptedException {
        try {
            AccelerometerTrace.sisFall(sisFallTrial).play(wearable, clock, lyingStill, 7);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        hub.tickNow();
        note("wearable: " + sisFallTrial.getFileName() + ", then still for " + lyingStill.toSeconds() + " s");
    }

    // ---- Bluetooth devices ----

    /** A session of two readings 75 s apart, from the persona's vitals for that day ({@code session} 0 or 1). */
    public void bloodPressure(LocalDate day, int session) throws InterruptedException {
        for (int n = 0; n < 2; n++) {
            if (n == 1) {
                after(Duration.ofSeconds(75));
            }
            Vitals.BloodPressure bp = vitals.bloodPressure(day, session, n);
            measure(cuff, CUFF, GattFrames.bloodPressure(bp.systolic(), bp.diastolic(), bp.mean(), bp.pulse(), now(),
                    EnumSet.noneOf(org.hearthgate.contract.obs.Quality.class)));
            note("blood pressure " + bp.systolic() + "/" + bp.diastolic());
        }
    }

    public void weigh(double kg) throws InterruptedException {
        measure(scale, SCALE, GattFrames.weight(kg, now()));
        note("weight " + kg + " kg");
    }

    /** Takes the cuff out of the hub's range (its readings are then stored) or brings it back (they are sent). */
    public void cuffInRange(boolean in) throws InterruptedException {
        int stored = cuff.storedRecords();
        int before = count(CUFF);
        cuff.inRange(in);
        if (in) {
            awaitMeasured(CUFF, before + stored);
        }
        hub.tickNow();
        note(in ? "cuff back in range (" + stored + " stored readings)" : "cuff out of range");
    }

    private void measure(SimulatedGattDevice device, DeviceId id, byte[] frame) throws InterruptedException {
        int before = count(id);
        boolean live = device.isConnected();
        device.measure(frame);
        if (live) {
            awaitMeasured(id, before + 1);
        }
        hub.tickNow();
    }

    private int count(DeviceId id) {
        return measured.computeIfAbsent(id, k -> new AtomicInteger()).get();
    }

    /** Waits (real time, bounded) for a Bluetooth driver to hand over what its device sent. */
    private void awaitMeasured(DeviceId id, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        synchronized (progress) {
            while (count(id) < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(id + ": the hub did not receive the reading within 20 s");
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    // ---- broadband ----

    public void broadband(boolean up) throws InterruptedException {
        uplink.broadband(up);
        hub.tickNow();
        note(up ? "broadband back" : "broadband down");
    }

    // ---- the end of a run ----

    /**
     * Lets the hub deliver what it holds: keeps the clock moving a second at a time (retries and the telemetry rate
     * follow it) until the outbox is empty or {@code patience} of real time has passed.
     */
    ScenarioResult finish(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (hub.outboxDepth() > 0 && System.nanoTime() < deadline) {
            clock.advance(Duration.ofSeconds(1));
            hub.tickNow();
            uplink.awaitDelivery(20);
        }
        return new ScenarioResult(uplink.delivered(), hub.outboxDepth());
    }

    Hub hub() {
        return hub;
    }

    private void note(String what) {
        synchronized (log) {
            log.add(now() + " " + what);
        }
    }

    /** What happened, one line an act, in local time. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    @Override
    public void close() {
        hub.close();
        gpio.close();
    }
}
