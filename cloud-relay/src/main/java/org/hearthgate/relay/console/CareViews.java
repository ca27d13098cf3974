package org.hearthgate.relay.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.relay.access.Caller;
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
    static final Set<EventCode> EQUIPMENT = EnumSet.of(EventCode.BATTERY_LOW, EventCode.SENSOR_MISSING,
            EventCode.POWER_FAIL, EventCode.LINK_FAIL, EventCode.DEVICE_FAULT, EventCode.REDUNDANT_PATH_FAIL,
            EventCode.PERIODIC_TEST_MISSING, EventCode.HUB_OFFLINE);
    /** How many of a resident's past alarms the family view lists. */
    static final int FAMILY_ALERTS = 10;

    /** A hub's health, for the care team. {@code status}: OFFLINE, SILENT (heartbeats late), PROBLEM, OK. */
    record HubHealth(String hub, String resident, String residentName, String town, String status, boolean online,
            Instant lastSeen, long silentSeconds, List<String> problems) {
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

    CareViews(RelayStore store, CareDirectory directory, ResidentLabels labels, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.labels = labels;
        this.clock = clock;
    }

    /** Every hub of the caller's tenant with its resident, worst first: offline, silent, problems, then the rest. */
    List<HubHealth> health(Caller c) {
        Instant now = clock.instant();
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (AlarmRecord a : store.alarms(true, 5_000)) {
            if (a.tenant().equals(c.tenant().value()) && EQUIPMENT.contains(a.code())) {
                problems.computeIfAbsent(a.hub(), h -> new ArrayList<>()).add(a.code().name());
            }
        }
        // The SQL directory answers every hub's resident in one query (10,000 hubs: one read, not 10,000).
        Map<String, ResidentId> residentOf = directory instanceof org.hearthgate.relay.directory.SqlCareDirectory sql
                ? sql.hubs(c.tenant()).stream().filter(h -> h.resident() != null)
                        .collect(Collectors.toMap(h -> h.id().value(), h -> h.resident(), (x, y) -> x))
                : null;
        List<HubHealth> out = new ArrayList<>();
        for (RelayStore.HubRecord h : store.hubs()) {
            if (!h.tenant().equals(c.tenant().value())) {
                continue;
            }
            ResidentId resident = residentOf != null ? residentOf.get(h.hub())
                    : labels.residentOfHub(c.tenant(), HubId.of(h.hub())).orElse(null);
            ResidentLabels.Label label = resident == null ? null : labels.of(c.tenant(), resident).orElse(null);
            long silent = h.lastSeen() == null ? -1 : Math.max(0, Duration.between(h.lastSeen(), now).toSeconds());
            List<String> hubProblems = problems.getOrDefault(h.hub(), List.of());
            String status = !h.online() ? "OFFLINE"
                    : silent > 2L * Math.max(h.heartbeatS(), 1) ? "SILENT"
                    : hubProblems.isEmpty() ? "OK" : "PROBLEM";
            out.add(new HubHealth(h.hub(), resident == null ? null : resident.value(),
                    label == null ? null : label.name(), label == null ? null : label.town(), status, h.online(),
                    h.lastSeen(), silent, hubProblems));
        }
        List<String> order = List.of("OFFLINE", "SILENT", "PROBLEM", "OK");
        out.sort(Comparator.comparingInt((HubHealth h) -> order.indexOf(h.status()))
                .thenComparing(Comparator.comparingLong(HubHealth::silentSeconds).reversed()));
        return out;
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
