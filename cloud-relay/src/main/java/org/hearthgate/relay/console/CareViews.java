package org.hearthgate.relay.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.careplans.CarePlans;
import org.hearthgate.relay.devices.DeviceHealth;
import org.hearthgate.relay.devices.DeviceStates;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.Sees;
import org.hearthgate.relay.readings.Trends;
import org.hearthgate.relay.store.RelayStore;

/**
 * The console's two overviews built from the store and the directory: the care team's health overview (hubs not
 * heard from, device problems, worst first) and a family member's view of their relative (and nobody else).
 */
final class CareViews {
    /** How many of a resident's past alarms the family view lists. */
    static final int FAMILY_ALERTS = 10;

    /**
     * A hub's health, for the care team: {@code status} its class ({@link DeviceHealth.Status}, worst first),
     * {@code since} when its worst problem began, its devices with their states, its overdue readings and the codes of
     * its open equipment alarms ({@code problems}).
     */
    record HubHealth(String hub, String resident, String residentName, String town, String status, boolean online,
            Instant lastSeen, long silentSeconds, Instant since, List<String> problems,
            List<DeviceHealth.DeviceView> devices, List<DeviceHealth.OverdueReading> overdue) {
    }

    /** One page of the overview, worst first, and how many hubs there are in all. */
    record HealthPage(List<HubHealth> hubs, int total) {
    }

    /**
     * What a family member sees about one relative. {@code hub} and {@code activity} are null unless their circle
     * entry allows status, {@code bloodPressure} unless it shares trends.
     */
    record Relative(String id, String name, String sees, HubStatus hub, List<Alert> alerts, Activity activity,
            WeekPressure bloodPressure) {
    }

    /** The newest sign of someone moving about at home: when, where (a room, "bed", "chair"; null when unnamed). */
    record Activity(Instant at, String room, String kind) {
    }

    /**
     * Home blood pressure over the last 7 days against the plan's target. {@code verdict}: WITHIN, ABOVE or
     * NO_READINGS; the mean and the target for whoever wants the numbers (the family page says it in words).
     */
    record WeekPressure(String verdict, Double systolic, Double diastolic, long readings, double targetSystolic,
            double targetDiastolic) {
    }

    /** Readings that mean someone was up and about, and the stores' kinds for them. */
    static final Set<String> ACTIVITY = Set.of("motion", "occupancy", "contact");
    static final Duration WEEK = Duration.ofDays(7);

    record HubStatus(boolean online, Instant lastSeen) {
    }

    /**
     * One past alert in plain terms: what happened ({@code code}), when, and how it ended ({@code outcome}, from the
     * escalation's fixed list, where it was recorded).
     */
    record Alert(String id, String code, String priority, Instant raisedAt, String state, Instant acknowledgedAt,
            Instant closedAt, String outcome) {
    }

    private final RelayStore store;
    private final CareDirectory directory;
    private final ResidentLabels labels;
    private final Clock clock;

    /** Readings and plans for the family summary; null (a bare console): the summary leaves them out. */
    private volatile Trends trends;
    private volatile CarePlans plans;

    void familySources(Trends trends, CarePlans plans) {
        this.trends = trends;
        this.plans = plans;
    }

    /** Device health; until a database is given (useDevices), hubs and their open alarms only. */
    private volatile DeviceHealth deviceHealth;

    CareViews(RelayStore store, CareDirectory directory, ResidentLabels labels, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.labels = labels;
        this.clock = clock;
        this.deviceHealth = new DeviceHealth(store, null, directory, CarePlans.defaults(), clock);
    }

    /** Device state from {@code states}, judged by {@code plans}. */
    void useDevices(DeviceStates states, CarePlans plans) {
        this.deviceHealth = new DeviceHealth(store, states, directory, plans, clock);
    }

    /**
     * The caller's tenant's hubs worst first (one page), or one resident's ({@code resident} not null); names and
     * towns are looked up for the page only.
     */
    HealthPage health(Caller c, ResidentId resident, int limit, int offset) {
        DeviceHealth.Page page = deviceHealth.overview(c.tenant(), resident, limit, offset);
        List<HubHealth> out = new ArrayList<>(page.hubs().size());
        for (DeviceHealth.HubHealth h : page.hubs()) {
            ResidentLabels.Label label = h.resident() == null ? null
                    : labels.of(c.tenant(), ResidentId.of(h.resident())).orElse(null);
            out.add(new HubHealth(h.hub(), h.resident(), label == null ? null : label.name(),
                    label == null ? null : label.town(), h.status().name(), h.online(), h.lastSeen(),
                    h.silentSeconds(), h.since(), h.problems(), h.devices(), h.overdue()));
        }
        return new HealthPage(out, page.total());
    }

    /** What the caller's own entry in the resident's circle lets them see (the most of several entries). */
    Sees sees(Caller c, ResidentId r) {
        return directory == null ? Sees.ALERTS : directory.circle(c.tenant(), r).stream()
                .filter(m -> c.login().equals(m.login())).map(CircleMember::sees)
                .max(Comparator.naturalOrder()).orElse(Sees.ALERTS);
    }

    /** The caller's relatives (the residents whose circle names them), each as much as their circle entry allows. */
    List<Relative> family(Caller c, java.util.function.Function<org.hearthgate.contract.AlarmId, String> outcomeOf) {
        List<RelayStore.HubRecord> hubs = store.hubs(c.tenant());
        List<Relative> out = new ArrayList<>();
        for (ResidentId r : c.residents().stream().sorted(Comparator.comparing(ResidentId::value)).toList()) {
            String name = directory == null ? null
                    : directory.resident(c.tenant(), r).map(x -> x.calledName()).orElse(null);
            Sees sees = sees(c, r);
            HubStatus hub = null;
            if (sees.includes(Sees.STATUS)) {
                hub = hubs.stream()
                        .filter(h -> labels.residentOfHub(c.tenant(), HubId.of(h.hub())).filter(r::equals).isPresent())
                        .max(Comparator.comparing(h -> h.lastSeen() == null ? Instant.EPOCH : h.lastSeen()))
                        .map(h -> new HubStatus(h.online(), h.lastSeen())).orElse(null);
            }
            // Asked of the store by tenant and resident: newest first, however many other alarms there are.
            List<Alert> alerts = store.alarms(new RelayStore.AlarmQuery(c.tenant(), Set.of(r), false, FAMILY_ALERTS))
                    .alarms().stream()
                    .map(a -> new Alert(a.id().value(), a.code().name(), a.priority().name(), a.raisedAt(),
                            a.state().name(), a.acknowledgedAt(), a.closedAt(),
                            a.state() == org.hearthgate.contract.alarm.AlarmState.RESOLVED ? outcomeOf.apply(a.id())
                                    : null))
                    .collect(Collectors.toList());
            // The readings store may be down (InfluxDB): the alerts still show, the summary says nothing it cannot know.
            Activity activity = sees.includes(Sees.STATUS) ? orNull(() -> lastActivity(c.tenant(), r)) : null;
            WeekPressure pressure = sees.includes(Sees.TRENDS) ? orNull(() -> weekPressure(c.tenant(), r)) : null;
            out.add(new Relative(r.value(), name, sees.name(), hub, alerts, activity, pressure));
        }
        return out;
    }

    private static <T> T orNull(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The latest motion, bed or chair, or door reading: where and when the resident was last up and about. */
    Activity lastActivity(TenantId tenant, ResidentId r) {
        Trends t = trends;
        if (t == null) {
            return null;
        }
        return t.latest(tenant, r, ACTIVITY, clock.instant()).map(x -> {
            String place = x.labels().get("place");
            String room = x.labels().get("location");
            // A pressure pad says "bed" or "chair" better than the room it lies in ("in bed" is what family say).
            String where = place != null ? place.toLowerCase(java.util.Locale.ROOT) : room;
            return new Activity(x.at(), where, x.type());
        }).orElse(null);
    }

    /**
     * The week's mean home blood pressure against the plan's target: NICE NG136 home monitoring, stage 1 from an
     * average of 135/85 (the plan's {@code homeBloodPressure.stage1}). A plain week's mean for family, not the
     * diagnostic HBPM protocol (day 1 discarded, sessions): the hub runs that and alerts the care team.
     */
    WeekPressure weekPressure(TenantId tenant, ResidentId r) {
        Trends t = trends;
        CarePlans p = plans;
        if (t == null || p == null) {
            return null;
        }
        var target = p.planOf(tenant, r).vitals().homeBloodPressure();
        Instant now = clock.instant();
        double sys = 0;
        double dia = 0;
        long n = 0;
        for (Trends.Point point : t.trend(tenant, r, "bloodPressure", now.minus(WEEK), now, 2).points()) {
            Trends.Summary s = point.fields().get("systolic");
            Trends.Summary d = point.fields().get("diastolic");
            if (s != null && d != null) {
                sys += s.mean() * s.count();
                dia += d.mean() * d.count();
                n += s.count();
            }
        }
        if (n == 0) {
            return new WeekPressure("NO_READINGS", null, null, 0, target.stage1Systolic(), target.stage1Diastolic());
        }
        double meanSys = Math.round(sys / n * 10) / 10.0;
        double meanDia = Math.round(dia / n * 10) / 10.0;
        boolean above = sys / n >= target.stage1Systolic() || dia / n >= target.stage1Diastolic();
        return new WeekPressure(above ? "ABOVE" : "WITHIN", meanSys, meanDia, n, target.stage1Systolic(),
                target.stage1Diastolic());
    }

}
