package org.hearthgate.relay.devices;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.relay.careplans.CarePlans;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.Device;
import org.hearthgate.relay.directory.SqlCareDirectory;
import org.hearthgate.relay.store.AlarmRecord;
import org.hearthgate.relay.store.RelayStore;

/**
 * Device and hub health for the care team: each hub of a tenant with its devices (battery, last seen, state), its
 * overdue readings and its open equipment alarms, worst first.
 *
 * <p>How it scales (10,000 homes): everything is asked of the database by tenant, in four queries whatever the size
 * (the tenant's hubs, their device rows, the directory's registered devices and hub assignments, the open equipment
 * and missed-reading alarms, at most {@link #MAX_ALARMS}); the states are judged here, because the limits come from
 * each resident's care plan ({@code missingAfter} per device, {@code batteryLowBelow}), then sorted and one page cut.
 * That is one pass over the tenant's devices per request (a bounded set: a hub supervises at most the plan's
 * {@code maxDevices}); a resident's card asks for that resident's hubs only.
 */
public final class DeviceHealth {
    /** Technical alarms that say something about a home's equipment, shown while open. */
    public static final Set<EventCode> EQUIPMENT = EnumSet.of(EventCode.BATTERY_LOW, EventCode.SENSOR_MISSING,
            EventCode.POWER_FAIL, EventCode.LINK_FAIL, EventCode.DEVICE_FAULT, EventCode.REDUNDANT_PATH_FAIL,
            EventCode.PERIODIC_TEST_MISSING, EventCode.HUB_OFFLINE);
    /** Open alarms read per request, at most (per tenant). */
    static final int MAX_ALARMS = 5_000;
    /** For hubs with no resident, and plans that cannot be read (parsed once: a plan is parsed YAML). */
    private static final CarePlan DEFAULT_PLAN = CarePlan.defaults();
    private static final Pattern MEASURE = Pattern.compile("^no (.+?) reading\\b");

    /** A device's state, worst first. */
    public enum State { MISSING, FAULT, LOW_BATTERY, OVERDUE, NEVER_SEEN, OK }

    /**
     * A hub's class, worst first: offline, a sensor missing (or faulty), a flat battery, overdue readings or check-ins,
     * another open equipment alarm (power, link, test call), heartbeats late, all well.
     */
    public enum Status { OFFLINE, MISSING, LOW_BATTERY, OVERDUE, PROBLEM, SILENT, OK }

    /**
     * One device: {@code kind} as the directory registers it, else as its observations name it; {@code since} when
     * its state began (null when OK); {@code detail} what a fault said.
     */
    public record DeviceView(String device, String kind, String room, Instant lastSeen, Double battery,
            Instant batteryAt, State state, Instant since, String detail) {
    }

    /** A reading the care plan expected and did not get (an open MISSED_MEASUREMENT alarm). */
    public record OverdueReading(String alarm, String measure, String summary, Instant since) {
    }

    /**
     * One hub: {@code since} is when its worst problem began (the order within its class: longest first);
     * {@code problems} the codes of its open equipment alarms.
     */
    public record HubHealth(String hub, String resident, Status status, boolean online, Instant lastSeen,
            long silentSeconds, Instant since, List<String> problems, List<DeviceView> devices,
            List<OverdueReading> overdue) {
    }

    /** One page, worst first, of {@code total} hubs. */
    public record Page(List<HubHealth> hubs, int total) {
    }

    private final RelayStore store;
    private final DeviceStates states;
    private final CareDirectory directory;
    private final CarePlans plans;
    private final Clock clock;

    /** @param states null: no device state here (a bare console): hubs and their open alarms only */
    public DeviceHealth(RelayStore store, DeviceStates states, CareDirectory directory, CarePlans plans, Clock clock) {
        this.store = store;
        this.states = states;
        this.directory = directory;
        this.plans = plans;
        this.clock = clock;
    }

    /**
     * The tenant's hubs worst first, from {@code offset}, at most {@code limit}; only {@code resident}'s when given.
     */
    public Page overview(TenantId tenant, ResidentId resident, int limit, int offset) {
        Instant now = clock.instant();
        List<RelayStore.HubRecord> hubs = store.hubs(tenant);
        Map<String, ResidentId> residentOf = residents(tenant, hubs);
        if (resident != null) {
            hubs = hubs.stream().filter(h -> resident.equals(residentOf.get(h.hub()))).toList();
        }
        boolean whole = resident == null;
        List<HubId> ids = hubs.stream().map(h -> HubId.of(h.hub())).toList();
        Map<String, List<DeviceStates.Row>> rows = new HashMap<>();
        for (DeviceStates.Row r : states == null ? List.<DeviceStates.Row>of()
                : whole ? states.of(tenant) : states.of(tenant, ids)) {
            rows.computeIfAbsent(r.hub(), k -> new ArrayList<>()).add(r);
        }
        Map<String, List<Device>> registered = new HashMap<>();
        if (directory instanceof SqlCareDirectory sql) {
            for (Device d : whole ? sql.devices(tenant) : ids.stream().flatMap(h -> sql.devices(tenant, h).stream())
                    .toList()) {
                registered.computeIfAbsent(d.hub().value(), k -> new ArrayList<>()).add(d);
            }
        }
        Map<String, List<AlarmRecord>> alarms = new HashMap<>();
        Set<EventCode> codes = EnumSet.copyOf(EQUIPMENT);
        codes.add(EventCode.MISSED_MEASUREMENT);
        for (AlarmRecord a : store.openAlarms(tenant, codes, MAX_ALARMS)) {
            alarms.computeIfAbsent(a.hub(), k -> new ArrayList<>()).add(a);
        }
        Map<ResidentId, CarePlan> planOf = new HashMap<>();
        List<HubHealth> out = new ArrayList<>(hubs.size());
        for (RelayStore.HubRecord h : hubs) {
            ResidentId r = residentOf.get(h.hub());
            CarePlan plan = r == null ? DEFAULT_PLAN : planOf.computeIfAbsent(r, x -> planFor(tenant, x));
            out.add(hub(h, r, plan, rows.getOrDefault(h.hub(), List.of()),
                    registered.getOrDefault(h.hub(), List.of()), alarms.getOrDefault(h.hub(), List.of()), now));
        }
        out.sort(WORST_FIRST);
        int from = Math.min(Math.max(0, offset), out.size());
        return new Page(List.copyOf(out.subList(from, Math.min(out.size(), from + Math.max(0, limit)))), out.size());
    }

    /** Class, then the longest-standing problem (or the longest silence), then the hub's id. */
    static final Comparator<HubHealth> WORST_FIRST = Comparator.comparing(HubHealth::status)
            .thenComparing(HubHealth::since, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(HubHealth::hub);

    private CarePlan planFor(TenantId tenant, ResidentId resident) {
        try {
            return Objects.requireNonNull(plans.planOf(tenant, resident));
        } catch (RuntimeException e) {
            return DEFAULT_PLAN; // a plan that cannot be read must not take the whole overview down
        }
    }

    /** Each hub's current resident, in one query when the directory is the SQL one. */
    private Map<String, ResidentId> residents(TenantId tenant, List<RelayStore.HubRecord> hubs) {
        Map<String, ResidentId> out = new HashMap<>();
        if (directory instanceof SqlCareDirectory sql) {
            sql.hubs(tenant).stream().filter(h -> h.resident() != null).forEach(h -> out.put(h.id().value(),
                    h.resident()));
        } else if (directory != null) {
            for (RelayStore.HubRecord h : hubs) {
                directory.residentOfHub(tenant, HubId.of(h.hub())).ifPresent(r -> out.put(h.hub(), r));
            }
        }
        return out;
    }

    static HubHealth hub(RelayStore.HubRecord h, ResidentId resident, CarePlan plan, List<DeviceStates.Row> rows,
            List<Device> registered, List<AlarmRecord> alarms, Instant now) {
        Map<String, DeviceView> devices = new TreeMap<>();
        Map<String, Device> byId = new HashMap<>();
        registered.forEach(d -> byId.put(d.id().value(), d));
        for (DeviceStates.Row r : rows) {
            Device reg = byId.get(r.device());
            devices.put(r.device(), device(r, reg == null ? r.kind() : reg.kind(), plan, now));
        }
        for (Device d : registered) {
            devices.computeIfAbsent(d.id().value(), k -> new DeviceView(k, d.kind(), null, null, null, null,
                    State.NEVER_SEEN, null, null));
        }
        List<OverdueReading> overdue = new ArrayList<>();
        Set<String> problems = new LinkedHashSet<>();
        Map<Status, Instant> since = new java.util.EnumMap<>(Status.class);
        for (AlarmRecord a : alarms) {
            if (a.code() == EventCode.MISSED_MEASUREMENT) {
                if (resident != null && !resident.value().equals(a.resident())) {
                    continue; // the hub's previous resident's reading: not this resident's
                }
                Matcher m = MEASURE.matcher(a.summary());
                overdue.add(new OverdueReading(a.id().value(), m.find() ? m.group(1) : null, a.summary(),
                        a.raisedAt()));
                earliest(since, Status.OVERDUE, a.receivedAt());
                continue;
            }
            problems.add(a.code().name());
            earliest(since, switch (a.code()) {
                case SENSOR_MISSING, DEVICE_FAULT -> Status.MISSING;
                case BATTERY_LOW -> Status.LOW_BATTERY;
                default -> Status.PROBLEM;
            }, a.receivedAt());
        }
        for (DeviceView d : devices.values()) {
            switch (d.state()) {
                case MISSING, FAULT -> earliest(since, Status.MISSING, d.since());
                case LOW_BATTERY -> earliest(since, Status.LOW_BATTERY, d.since());
                case OVERDUE -> earliest(since, Status.OVERDUE, d.since());
                case NEVER_SEEN -> earliest(since, Status.OVERDUE, null);
                case OK -> {
                }
            }
        }
        long silent = h.lastSeen() == null ? -1 : Math.max(0, Duration.between(h.lastSeen(), now).toSeconds());
        Status status;
        if (!h.online()) {
            status = Status.OFFLINE;
        } else if (!since.isEmpty()) {
            status = since.keySet().iterator().next(); // an EnumMap: the worst class present
        } else if (silent > 2L * Math.max(h.heartbeatS(), 1)) {
            status = Status.SILENT;
        } else {
            status = Status.OK;
        }
        Instant worstSince = status == Status.OFFLINE || status == Status.SILENT || status == Status.OK
                ? h.lastSeen() : since.get(status);
        return new HubHealth(h.hub(), resident == null ? null : resident.value(), status, h.online(), h.lastSeen(),
                silent, worstSince, List.copyOf(problems), List.copyOf(devices.values()), List.copyOf(overdue));
    }

    /** Records the earliest start per class; a class present with no known start keeps null only if alone. */
    private static void earliest(Map<Status, Instant> since, Status s, Instant at) {
        if (!since.containsKey(s)) {
            since.put(s, at);
        } else if (at != null && (since.get(s) == null || at.isBefore(since.get(s)))) {
            since.put(s, at);
        }
    }

    /**
     * One device's state by the resident's care plan. Last seen is the hub's time of the newest message from it,
     * never later than the cloud received one (a hub clock running ahead must not hide a silent device).
     */
    static DeviceView device(DeviceStates.Row r, String kind, CarePlan plan, Instant now) {
        Long seen = r.seenAt() == null ? null : Math.min(r.seenAt(), r.receivedAt());
        long lastHeard = seen == null ? Long.MIN_VALUE : seen;
        CarePlan.Supervision sup = plan.supervision();
        State state = State.OK;
        Long since = null;
        String detail = null;
        if (r.missingAt() != null && r.missingAt() > orMin(r.restoredAt()) && r.missingAt() > lastHeard) {
            state = State.MISSING;
            since = r.missingAt();
        } else if (r.faultAt() != null && r.faultAt() > orMin(r.okAt())) {
            state = State.FAULT;
            since = r.faultAt();
            detail = r.faultDetail();
        } else if (r.battery() != null && r.battery() <= sup.batteryLowBelow()) {
            state = State.LOW_BATTERY;
            since = r.batteryAt();
        } else if (r.lowAt() != null && r.lowAt() >= orMin(r.batteryAt())) {
            state = State.LOW_BATTERY; // the hub said so (its own plan), and no level since says otherwise
            since = r.lowAt();
        } else if (seen == null) {
            state = State.NEVER_SEEN;
        } else if (now.toEpochMilli() - seen > sup.missingAfter(r.device()).toMillis()) {
            state = State.OVERDUE;
            since = seen + sup.missingAfter(r.device()).toMillis();
        }
        return new DeviceView(r.device(), kind, r.room(), DeviceStates.instant(seen), r.battery(),
                DeviceStates.instant(r.batteryAt()), state, DeviceStates.instant(since), detail);
    }

    private static long orMin(Long v) {
        return v == null ? Long.MIN_VALUE : v;
    }
}
