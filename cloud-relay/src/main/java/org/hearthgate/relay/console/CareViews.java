package org.hearthgate.relay.console;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.careplans.CarePlans;
import org.hearthgate.relay.devices.DeviceHealth;
import org.hearthgate.relay.devices.DeviceStates;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.Sees;
import org.hearthgate.relay.store.AlarmRecord;
import org.hearthgate.relay.store.RelayStore;

/**
 * The console's two overviews built from the store and the directory: the care team's health overview (hubs not
 * heard from, device problems, worst first) and a family member's view of their relative (and nobody else).
 */
final class CareViews {
    /** Technical alarms that say something about a home's equipment, shown on the health overview while open. */
    static final Set<EventCode> EQUIPMENT = DeviceHealth.EQUIPMENT;
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

    /** What a family member sees about one relative. {@code hub} is null unless their circle entry allows status. */
    record Relative(String id, String name, String sees, HubStatus hub, List<Alert> alerts) {
    }

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
        List<AlarmRecord> recent = store.alarms(false, 5_000);
        List<RelayStore.HubRecord> hubs = store.hubs();
        List<Relative> out = new ArrayList<>();
        for (ResidentId r : c.residents().stream().sorted(Comparator.comparing(ResidentId::value)).toList()) {
            String name = directory == null ? null
                    : directory.resident(c.tenant(), r).map(x -> x.calledName()).orElse(null);
            Sees sees = sees(c, r);
            HubStatus hub = null;
            if (sees.includes(Sees.STATUS)) {
                hub = hubs.stream().filter(h -> h.tenant().equals(c.tenant().value()))
                        .filter(h -> labels.residentOfHub(c.tenant(), HubId.of(h.hub())).filter(r::equals).isPresent())
                        .max(Comparator.comparing(h -> h.lastSeen() == null ? Instant.EPOCH : h.lastSeen()))
                        .map(h -> new HubStatus(h.online(), h.lastSeen())).orElse(null);
            }
            List<Alert> alerts = recent.stream()
                    .filter(a -> a.tenant().equals(c.tenant().value()) && a.resident().equals(r.value()))
                    .limit(FAMILY_ALERTS)
                    .map(a -> new Alert(a.id().value(), a.code().name(), a.priority().name(), a.raisedAt(),
                            a.state().name(), a.acknowledgedAt(), a.closedAt(),
                            a.state() == org.hearthgate.contract.alarm.AlarmState.RESOLVED ? outcomeOf.apply(a.id())
                                    : null))
                    .collect(Collectors.toList());
            out.add(new Relative(r.value(), name, sees.name(), hub, alerts));
        }
        return out;
    }

}
