package org.hearthgate.relay.escalation;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.notify.Channel;

/**
 * A tenant's escalation policies: named chains, which chain runs for each alarm priority ({@code byPriority}, the
 * tenant's default, which must cover every priority so no alarm is left without a chain), and per-resident choices
 * that override it for the priorities they name. {@code zone} is the tenant's time zone for gates, quiet hours and
 * the times in messages.
 *
 * <p>Advisories (LOW and INFO: a stage-1 blood pressure, a missed reading) never wake a family: a policy chosen for
 * them may not notify the FAMILY or NEIGHBOUR group.
 */
public record PolicySet(ZoneId zone, Map<String, EscalationPolicy> policies, Map<Priority, String> byPriority,
        Map<String, Map<Priority, String>> residents) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/London");

    public PolicySet {
        zone = zone == null ? DEFAULT_ZONE : zone;
        policies = Map.copyOf(Require.present(policies, "policies"));
        byPriority = Map.copyOf(new EnumMap<>(Require.present(byPriority, "priorities")));
        residents = residents == null ? Map.of() : Map.copyOf(residents);
        for (Priority p : Priority.values()) {
            if (!byPriority.containsKey(p)) {
                throw new IllegalArgumentException("priorities." + p + ": is required (every priority needs a chain)");
            }
        }
        for (var e : byPriority.entrySet()) {
            check(policies, e.getValue(), e.getKey(), "priorities." + e.getKey());
        }
        for (var r : residents.entrySet()) {
            for (var e : r.getValue().entrySet()) {
                check(policies, e.getValue(), e.getKey(), "residents." + r.getKey() + "." + e.getKey());
            }
        }
    }

    private static void check(Map<String, EscalationPolicy> policies, String name, Priority priority, String field) {
        EscalationPolicy policy = policies.get(name);
        if (policy == null) {
            throw new IllegalArgumentException(field + ": no policy named '" + name + "'");
        }
        if (priority.compareTo(Priority.MEDIUM) > 0) {
            for (int i = 0; i < policy.steps().size(); i++) {
                if (policy.steps().get(i) instanceof Step.Notify n && wakesFamily(n)) {
                    throw new IllegalArgumentException(field + ": policy '" + name + "' steps[" + i + "] notifies "
                            + n.target() + ", but an advisory never wakes a family");
                }
            }
            if (wakesFamily(policy.finalStep())) {
                throw new IllegalArgumentException(field + ": policy '" + name + "' final step notifies "
                        + policy.finalStep().target() + ", but an advisory never wakes a family");
            }
        }
    }

    private static boolean wakesFamily(Step.Notify n) {
        return n.target() instanceof Target.Role r
                && (r.role() == CircleRole.FAMILY || r.role() == CircleRole.NEIGHBOUR);
    }

    /** The policy for an alarm of {@code priority} for {@code resident}: the resident's choice, else the tenant's. */
    public EscalationPolicy policyFor(String resident, Priority priority) {
        String name = residents.getOrDefault(resident, Map.of()).get(priority);
        return policies.get(name != null ? name : byPriority.get(priority));
    }

    /**
     * What a tenant gets until it sets its own: emergencies page the on-call responder after 60 s and the family
     * after 3 minutes, repeat twice, then the service manager; advisories go to the clinicians in working hours.
     */
    public static PolicySet builtIn() {
        var emergency = new EscalationPolicy("emergency", List.of(
                notify(CircleRole.RESPONDER, Channel.CONSOLE),
                new Step.Wait(Duration.ofSeconds(60)),
                notify(CircleRole.ON_CALL, Channel.SMS, Channel.EMAIL),
                new Step.Wait(Duration.ofSeconds(120)),
                notify(CircleRole.FAMILY, Channel.SMS, Channel.EMAIL),
                notify(CircleRole.NEIGHBOUR, Channel.SMS),
                new Step.Wait(Duration.ofMinutes(5))), 2,
                notify(CircleRole.SERVICE_MANAGER, Channel.SMS, Channel.EMAIL));
        var routine = new EscalationPolicy("routine", List.of(
                notify(CircleRole.RESPONDER, Channel.CONSOLE),
                new Step.Wait(Duration.ofMinutes(5)),
                notify(CircleRole.ON_CALL, Channel.SMS, Channel.EMAIL),
                new Step.Wait(Duration.ofMinutes(15))), 1,
                notify(CircleRole.SERVICE_MANAGER, Channel.EMAIL));
        var advisory = new EscalationPolicy("advisory", List.of(
                new Step.OnlyBetween(LocalTime.of(9, 0), LocalTime.of(17, 0)),
                notify(CircleRole.CLINICIAN, Channel.CONSOLE, Channel.EMAIL),
                new Step.Wait(Duration.ofHours(24))), 0,
                notify(CircleRole.SERVICE_MANAGER, Channel.EMAIL));
        Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
        for (var p : List.of(emergency, routine, advisory)) {
            policies.put(p.name(), p);
        }
        return new PolicySet(DEFAULT_ZONE, policies, Map.of(Priority.CRITICAL, "emergency", Priority.HIGH,
                "emergency", Priority.MEDIUM, "routine", Priority.LOW, "advisory", Priority.INFO, "advisory"),
                Map.of());
    }

    private static Step.Notify notify(CircleRole role, Channel... channels) {
        return new Step.Notify(new Target.Role(role), List.of(channels));
    }
}
