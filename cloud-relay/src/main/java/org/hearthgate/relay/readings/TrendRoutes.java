package org.hearthgate.relay.readings;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.alerts.plan.Measure;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.relay.Json;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.audit.AuditTrail;
import org.hearthgate.relay.careplans.CarePlans;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.Role;
import org.hearthgate.relay.directory.Sees;

/**
 * {@code GET /api/residents/{id}/trends?type=bloodPressure&from=…&to=…&points=…}: a resident's readings of one type,
 * downsampled to at most {@code points} buckets (mean, min, max, count), with the limits of the resident's care plan
 * (as the cloud holds it) for that measure alongside, for the console's charts. The care team of the tenant and
 * clinicians named in the circle see trends; family and neighbours only when their circle entry shares trends with
 * them. Every read is audited.
 */
public final class TrendRoutes {
    private static final Duration DEFAULT_RANGE = Duration.ofDays(14);
    private static final int MAX_POINTS = 2_000;

    /** The limits a chart draws: which field, the comparison, the value, and how urgent crossing it is. */
    public record Threshold(String field, String comparison, double value, String priority, String id) {
    }

    private final Trends trends;
    private final CareDirectory directory;
    private final AuditTrail audit;
    /** Where the limits come from: each resident's latest saved plan, or the hub's sourced defaults. */
    private final CarePlans plans;

    public TrendRoutes(Trends trends, CareDirectory directory, AuditTrail audit, CarePlans plans) {
        this.trends = trends;
        this.directory = directory;
        this.audit = audit;
        this.plans = plans;
    }

    public void mount(Router router) {
        router.get("/api/residents/:id/trends").blockingHandler(this::trend);
    }

    private void trend(RoutingContext ctx) {
        Caller c = ctx.get(Caller.KEY);
        ResidentId resident;
        String type = ctx.request().getParam("type");
        Instant to;
        Instant from;
        int points;
        try {
            resident = ResidentId.of(ctx.pathParam("id"));
            if (type == null || !type.matches("[A-Za-z0-9]{1,40}")) {
                throw new IllegalArgumentException("type: an observation kind, e.g. bloodPressure");
            }
            to = param(ctx, "to", Instant.now());
            from = param(ctx, "from", to.minus(DEFAULT_RANGE));
            points = ctx.request().getParam("points") == null ? 200 : Integer.parseInt(ctx.request().getParam(
                    "points"));
            if (!from.isBefore(to) || points < 1 || points > MAX_POINTS) {
                throw new IllegalArgumentException("from must be before to, points 1.." + MAX_POINTS);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            answer(ctx, 400, Map.of("error", e.getMessage()));
            return;
        }
        if (directory.resident(c.tenant(), resident).isEmpty()) {
            answer(ctx, 404, Map.of("error", "no resident " + resident.value())); // nor in another tenant, for you
            return;
        }
        if (!maySeeTrends(c, resident)) {
            audit.record(c, "resident.trends.refused", resident, type);
            answer(ctx, 403, Map.of("error", "trends of this resident are not shared with you"));
            return;
        }
        Trends.Trend t = trends.trend(c.tenant(), resident, type, from, to, points);
        audit.record(c, "resident.trends", resident, type);
        answer(ctx, 200, Map.of("trend", t, "thresholds",
                thresholds(plans.planOf(c.tenant(), resident), type), "from", from, "to", to));
    }

    private boolean maySeeTrends(Caller c, ResidentId resident) {
        if (!c.maySee(c.tenant(), resident)) {
            return false;
        }
        if (c.role() != Role.FAMILY && c.role() != Role.NEIGHBOUR) {
            return true;
        }
        return directory.circle(c.tenant(), resident).stream().filter(m -> c.login().equals(m.login()))
                .map(CircleMember::sees).anyMatch(s -> s.includes(Sees.TRENDS));
    }

    /** The plan's limits on the measures this observation type carries. */
    static List<Threshold> thresholds(CarePlan plan, String type) {
        Set<Measure> measures = switch (type) {
            case "bloodPressure" -> Set.of(Measure.SYSTOLIC, Measure.DIASTOLIC);
            case "heartRate" -> Set.of(Measure.PULSE);
            case "spo2" -> Set.of(Measure.SPO2);
            case "bodyTemperature" -> Set.of(Measure.TEMPERATURE);
            case "bodyWeight" -> Set.of(Measure.WEIGHT);
            case "bloodGlucose" -> Set.of(Measure.GLUCOSE);
            case "roomTemperature" -> Set.of(Measure.ROOM_TEMPERATURE);
            default -> Set.of();
        };
        return plan.vitals().limits().stream().filter(l -> measures.contains(l.measure()))
                .map(l -> new Threshold(measures.size() > 1 ? l.measure().key() : "value", l.comparison().name(),
                        l.limit(), l.priority().name(), l.id())).toList();
    }

    private static Instant param(RoutingContext ctx, String name, Instant otherwise) {
        String v = ctx.request().getParam(name);
        return v == null ? otherwise : Instant.parse(v);
    }

    private static void answer(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(Json.write(body));
    }
}
