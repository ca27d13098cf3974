package org.hearthgate.relay.worklist;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.relay.Json;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.audit.AuditTrail;
import org.hearthgate.relay.careplans.CarePlans;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.directory.Role;
import org.hearthgate.relay.escalation.Outcome;
import org.hearthgate.relay.escalation.Resolutions;

/**
 * The clinician's worklist: {@code GET /api/worklist} lists the open advisory alerts ({@link Advisory}) of the
 * residents whose circle names the clinician (an admin: the whole tenant), oldest first, each with the trend that
 * triggered it; {@code POST /api/worklist/{alarmId}/review} resolves one as {@link Outcome#CLINICALLY_REVIEWED}
 * with the clinician's note, through {@link Resolutions} like any other resolution (hub told, chain stopped, family
 * who were told get the outcome in plain words, never the note). Every read and review is audited. Responders'
 * urgent alarms stay in their queue; family never reach this.
 */
public final class WorklistRoutes {
    /** A review note: short, it is what the next clinician reads first. */
    static final int MAX_NOTE = 500;

    /** One worklist item; {@code trend} is what the console draws with the trends route. */
    public record Item(String alarmId, String resident, String residentName, String code, String priority,
            String state, String what, Instant raisedAt, Instant receivedAt, String detail, Trend trend, List<Line> lines) {
    }

    /**
     * A line the chart draws dashed, in the trends route's threshold form: the rule's own (home BP stages); empty
     * where the rule has none and the route's plan limits serve.
     */
    public record Line(String field, String comparison, double value, String priority, String id) {
    }

    /** The trend to draw: {@code type} a wire observation kind for {@code GET /api/residents/{id}/trends}. */
    public record Trend(String type, Instant from, Instant to) {
    }

    private final WorklistSql sql;
    private final CareDirectory directory;
    private final AuditTrail audit;
    private final Resolutions resolutions;
    private final CarePlans plans;

    public WorklistRoutes(Database db, CareDirectory directory, AuditTrail audit, Resolutions resolutions,
            CarePlans plans) {
        this.sql = new WorklistSql(db);
        this.directory = directory;
        this.audit = audit;
        this.resolutions = resolutions;
        this.plans = plans;
    }

    public void mount(Router router) {
        router.get("/api/worklist").blockingHandler(this::list);
        router.post("/api/worklist/:id/review").blockingHandler(this::review);
    }

    private static boolean mayUse(Caller c) {
        return c.role() == Role.CLINICIAN || c.role() == Role.ADMIN;
    }

    private void list(RoutingContext ctx) {
        Caller c = ctx.get(Caller.KEY);
        if (!mayUse(c)) {
            answer(ctx, 403, Map.of("error", "the worklist is for clinicians"));
            return;
        }
        // An admin works the whole tenant; a clinician only the residents whose circle names them.
        List<WorklistSql.Row> rows = sql.open(c.tenant(), c.role() == Role.ADMIN ? null : c.residents(),
                WorklistSql.MAX);
        Map<String, Optional<Resident>> people = new HashMap<>();
        List<Item> items = new ArrayList<>(rows.size());
        for (WorklistSql.Row r : rows) {
            ResidentId resident = ResidentId.of(r.resident());
            Advisory advisory = Advisory.of(r.dedupKey()).orElseThrow(); // the SQL chose by these very keys
            var plan = plans.planOf(c.tenant(), resident);
            String name = people.computeIfAbsent(r.resident(), x -> directory.resident(c.tenant(), resident))
                    .map(p -> p.familyName() == null ? p.calledName() : p.calledName() + " " + p.familyName())
                    .orElse(r.resident());
            items.add(new Item(r.id().value(), r.resident(), name, r.code().name(), r.priority().name(), r.state(),
                    advisory.words(r.dedupKey(), r.summary(), plan), r.raisedAt(), r.receivedAt(), r.summary(),
                    advisory.window(r.dedupKey(), r.summary(), plan, r.raisedAt()), advisory.lines(plan)));
        }
        people.keySet().forEach(r -> audit.record(c, "worklist.view", ResidentId.of(r), null));
        answer(ctx, 200, Map.of("items", items));
    }

    private void review(RoutingContext ctx) {
        Caller c = ctx.get(Caller.KEY);
        if (!mayUse(c)) {
            answer(ctx, 403, Map.of("error", "only clinicians review the worklist"));
            return;
        }
        AlarmId id;
        try {
            id = AlarmId.of(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            answer(ctx, 400, Map.of("error", "not an alarm id"));
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        String note = body != null && body.getValue("note") instanceof String n ? n.strip() : "";
        if (note.isEmpty() || note.length() > MAX_NOTE) {
            answer(ctx, 400, Map.of("error", "note: say in up to " + MAX_NOTE + " characters what you decided"));
            return;
        }
        Optional<WorklistSql.Row> row = sql.openAdvisory(c.tenant(), id);
        if (row.isEmpty()) {
            // Another tenant's, an urgent alarm, or already closed: nothing on this worklist by that id.
            answer(ctx, 404, Map.of("error", "no open worklist item " + id.value()));
            return;
        }
        ResidentId resident = ResidentId.of(row.get().resident());
        if (!c.maySee(c.tenant(), resident)) {
            audit.record(c, "worklist.review.refused", resident, id.value());
            answer(ctx, 403, Map.of("error", "this resident's circle does not name you"));
            return;
        }
        Resolutions.Result result = resolutions.resolve(id, Outcome.CLINICALLY_REVIEWED, note, c.login(),
                "a clinician");
        audit.record(c, "worklist.review", resident, id.value() + " " + Outcome.CLINICALLY_REVIEWED);
        if (!result.resolved()) {
            answer(ctx, 409, Map.of("error", "alarm " + id.value() + " was closed meanwhile"));
            return;
        }
        answer(ctx, 200, Map.of("alarmId", id.value(), "outcome", Outcome.CLINICALLY_REVIEWED.name(),
                "familyTold", result.familyTold()));
    }

    private static void answer(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(Json.write(body));
    }
}
