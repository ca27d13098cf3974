package org.hearthgate.relay.careplans;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.alerts.plan.CarePlanException;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.wire.ConfigUpdate;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.relay.Downlink;
import org.hearthgate.relay.Json;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.api.Answers;
import org.hearthgate.relay.audit.AuditTrail;
import org.hearthgate.relay.directory.RegisteredHub;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.directory.Role;
import org.hearthgate.relay.directory.SqlCareDirectory;

/**
 * A resident's care plan over REST, behind sign-in ({@code ctx.get(Caller.KEY)}):
 * <ul>
 * <li>{@code GET /api/residents/{id}/care-plan}: the current version's text and digest, the versions in brief, the
 * plan in plain words, the latest push and its state, and what the resident's hub reports it runs;</li>
 * <li>{@code POST …/care-plan/validate}: the hub's own parser on {@code {"yaml"}}, nothing stored;</li>
 * <li>{@code PUT …/care-plan}: validates {@code {"yaml", "note"}} and stores it as a new version unless it is the
 * latest text already;</li>
 * <li>{@code POST …/care-plan/push}: sends the latest version (or {@code {"version"}}) to the hub assigned to the
 * resident now, as a {@link ConfigUpdate}; PENDING until the hub answers (see {@link HubConfirmations}).</li>
 * </ul>
 * ADMINs and the clinicians of the resident's circle edit and push; responders read; family and neighbours never
 * (403). A rejected plan is 422 naming the field ({@code field}, {@code reason}); every read and change is audited.
 * The handlers only parse, check access and call the store; they run on worker threads (the store blocks).
 */
public final class CarePlanRoutes {
    /** What a {@link ConfigUpdate} carries at most: the same bound for the cloud's editor. */
    public static final int MAX_CHARS = 32_000;
    /** A down message must fit the wire codec's payload limit once JSON-encoded. */
    private static final int MAX_BYTES = WireCodec.MAX_PAYLOAD_BYTES - 4_096;
    private static final int VERSIONS_LISTED = 50;
    private static final int MAX_NOTE = 500;

    private final CarePlanStore store;
    private final SqlCareDirectory directory;
    private final AuditTrail audit;
    private final Downlink downlink;
    private final Clock clock;

    public CarePlanRoutes(CarePlanStore store, SqlCareDirectory directory, AuditTrail audit, Downlink downlink,
            Clock clock) {
        this.store = store;
        this.directory = directory;
        this.audit = audit;
        this.downlink = downlink;
        this.clock = clock;
    }

    public void mount(Router router) {
        String path = "/api/residents/:id/care-plan";
        router.get(path).blockingHandler(guarded(this::read), false);
        router.put(path).blockingHandler(guarded(this::save), false);
        router.post(path + "/validate").blockingHandler(guarded(this::validate), false);
        router.post(path + "/push").blockingHandler(guarded(this::push), false);
    }

    /**
     * Checks {@code yaml} exactly as the hub will: its size as a {@link ConfigUpdate} allows, then the hub's parser.
     * Throws {@link CarePlanException} naming the field.
     */
    public static CarePlan check(String yaml) {
        if (yaml == null) {
            throw new CarePlanException("$", "no care plan text");
        }
        if (yaml.length() > MAX_CHARS) {
            throw new CarePlanException("$", yaml.length() + " characters: a hub takes at most " + MAX_CHARS);
        }
        if (yaml.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new CarePlanException("$", "too long to send to a hub in one message");
        }
        return CarePlan.parse(yaml);
    }

    // ---- handlers

    private void read(RoutingContext ctx, Caller c, ResidentId resident) {
        Resident who = mayRead(c, resident, "careplan.read.refused");
        Optional<PlanVersion> current = store.latest(c.tenant(), resident);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("resident", resident.value());
        out.put("name", String.join(" ", java.util.stream.Stream.of(who.calledName(), who.familyName())
                .filter(java.util.Objects::nonNull).toList()));
        out.put("mayEdit", mayEdit(c, resident));
        out.put("version", current.map(PlanVersion::version).orElse(0));
        out.put("yaml", current.map(PlanVersion::yaml).orElse(""));
        out.put("digest", current.map(PlanVersion::digest).orElse(CarePlanStore.DEFAULTS));
        current.ifPresent(v -> {
            out.put("author", v.author());
            out.put("savedAt", v.createdAt());
            out.put("note", v.note());
        });
        out.put("defaults", current.isEmpty());
        out.put("brief", PlanBrief.of(store.planOf(c.tenant(), resident)));
        out.put("versions", store.versions(c.tenant(), resident, VERSIONS_LISTED).stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", v.version());
            m.put("digest", v.digest());
            m.put("author", v.author());
            m.put("savedAt", v.createdAt());
            m.put("note", v.note());
            return m;
        }).toList());
        store.latestPush(c.tenant(), resident).ifPresent(p -> out.put("push", pushView(p)));
        // Every hub of the resident runs the care plan (a home hub, a hub for the blood-pressure kit): each with the
        // plan it reports and its latest push. "hub" is the first, for callers that know one hub only.
        List<Map<String, Object>> hubs = new ArrayList<>();
        for (HubId h : hubsOf(c, resident)) {
            Map<String, Object> hub = new LinkedHashMap<>();
            hub.put("id", h.value());
            store.reported(c.tenant(), h).ifPresent(r -> {
                hub.put("runs", r.digest());
                hub.put("reportedAt", r.at());
                hub.put("runsDefaults", CarePlanStore.DEFAULTS.equals(r.digest()));
                store.versionWithDigest(c.tenant(), resident, r.digest()).ifPresent(v -> hub.put("runsVersion", v));
            });
            store.latestPush(c.tenant(), resident, h).ifPresent(p -> hub.put("push", pushView(p)));
            hubs.add(hub);
        }
        out.put("hubs", hubs);
        if (!hubs.isEmpty()) {
            out.put("hub", hubs.get(0));
        }
        audit.record(c, "careplan.read", resident, "version " + out.get("version"));
        ok(ctx, 200, out);
    }

    private void validate(RoutingContext ctx, Caller c, ResidentId resident) {
        mayEdit(c, resident, "careplan.validate.refused");
        Body b = body(ctx);
        CarePlan plan = check(b.yaml());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", true);
        out.put("digest", ConfigUpdate.carePlanDigest(b.yaml()));
        out.put("brief", PlanBrief.of(plan));
        ok(ctx, 200, out);
    }

    private void save(RoutingContext ctx, Caller c, ResidentId resident) {
        mayEdit(c, resident, "careplan.save.refused");
        Body b = body(ctx);
        check(b.yaml());
        if (b.note() != null && b.note().length() > MAX_NOTE) {
            throw new Refusal(400, "note: at most " + MAX_NOTE + " characters");
        }
        CarePlanStore.Saved saved = store.save(c.tenant(), resident, b.yaml(), c.login(), blankToNull(b.note()),
                clock.instant());
        PlanVersion v = saved.version();
        if (saved.created()) {
            audit.record(c, "careplan.save", resident, "version " + v.version() + " " + v.digest().substring(0, 12));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", v.version());
        out.put("digest", v.digest());
        out.put("created", saved.created());
        ok(ctx, saved.created() ? 201 : 200, out);
    }

    private void push(RoutingContext ctx, Caller c, ResidentId resident) {
        mayEdit(c, resident, "careplan.push.refused");
        String text = ctx.body() == null ? null : ctx.body().asString();
        Integer wanted = null;
        if (text != null && !text.isBlank()) {
            JsonNode v = json(text).path("version");
            if (!v.isMissingNode() && !v.isNull()) {
                if (!v.canConvertToInt() || v.asInt() < 1) {
                    throw new Refusal(400, "version: a saved version number");
                }
                wanted = v.asInt();
            }
        }
        Optional<PlanVersion> version = wanted == null ? store.latest(c.tenant(), resident)
                : store.version(c.tenant(), resident, wanted);
        if (version.isEmpty()) {
            throw new Refusal(wanted == null ? 409 : 404, wanted == null
                    ? "no saved care plan: save one before pushing it" : "no version " + wanted);
        }
        List<HubId> hubs = hubsOf(c, resident);
        if (hubs.isEmpty()) {
            throw new Refusal(409, "no hub is assigned to this resident: assign one first");
        }
        PlanVersion v = version.get();
        // Every hub of the resident gets it: a plan that reached one of two hubs would look applied while the other
        // still raises alarms by the old one.
        List<Push> sent = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (HubId hub : hubs) {
            Push p = store.recordPush(c.tenant(), resident, v, hub, c.login(), clock.instant());
            // Recorded before it is sent: the hub's answer may arrive before this thread returns.
            if (downlink.send(c.tenant(), hub, new ConfigUpdate(null, v.yaml()))) {
                sent.add(p);
            } else {
                store.forgetPush(c.tenant(), p.id());
                refused.add(hub.value());
            }
        }
        if (sent.isEmpty()) {
            throw new Refusal(503, "the message broker did not take the plan; try again");
        }
        audit.record(c, "careplan.push", resident, "version " + v.version() + " " + v.digest().substring(0, 12)
                + " to " + String.join(", ", sent.stream().map(p -> p.hub().value()).toList())
                + (refused.isEmpty() ? "" : "; the broker did not take it for " + String.join(", ", refused)));
        Map<String, Object> out = new LinkedHashMap<>(pushView(sent.get(0)));
        out.put("pushes", sent.stream().map(CarePlanRoutes::pushView).toList());
        out.put("notSent", refused);
        ok(ctx, 202, out);
    }

    // ---- views

    private static Map<String, Object> pushView(Push p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hub", p.hub().value());
        m.put("version", p.version());
        m.put("digest", p.digest());
        m.put("state", p.state().name());
        m.put("pushedBy", p.pushedBy());
        m.put("pushedAt", p.pushedAt());
        m.put("answeredAt", p.answeredAt());
        m.put("reason", p.reason());
        return m;
    }

    // ---- access

    /** The hubs assigned to the resident now, by id. */
    private List<HubId> hubsOf(Caller c, ResidentId resident) {
        return directory.hubs(c.tenant()).stream().filter(h -> resident.equals(h.resident()))
                .map(RegisteredHub::id).sorted(java.util.Comparator.comparing(HubId::value)).toList();
    }

    /** The care team of the tenant and the clinicians of the resident's circle; never family or neighbours. */
    private Resident mayRead(Caller c, ResidentId resident, String refusal) {
        boolean may = c.maySee(c.tenant(), resident) && (c.role().seesWholeTenant() || c.role() == Role.CLINICIAN);
        refuseUnless(may, c, resident, refusal, "the care plan is for the care team and the resident's clinicians");
        return exists(c, resident);
    }

    private void mayEdit(Caller c, ResidentId resident, String refusal) {
        refuseUnless(mayEdit(c, resident), c, resident, refusal,
                "only an admin or one of the resident's clinicians may change the care plan");
        exists(c, resident);
    }

    private static boolean mayEdit(Caller c, ResidentId resident) {
        return c.maySee(c.tenant(), resident) && (c.role() == Role.ADMIN || c.role() == Role.CLINICIAN);
    }

    private void refuseUnless(boolean may, Caller c, ResidentId resident, String action, String why) {
        if (!may) {
            audit.record(c, action, resident, c.role().name());
            throw new Refusal(403, why);
        }
    }

    private Resident exists(Caller c, ResidentId resident) {
        return directory.resident(c.tenant(), resident).orElseThrow(() -> new Refusal(404, "no resident "
                + resident.value()));
    }

    // ---- plumbing

    private interface Route {
        void handle(RoutingContext ctx, Caller caller, ResidentId resident);
    }

    /** A JSON body {@code {"yaml": "…", "note": "…"}}. */
    private record Body(String yaml, String note) {
    }

    private static Body body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new Refusal(400, "body: {\"yaml\": \"…\"} is required");
        }
        JsonNode n = json(text);
        JsonNode yaml = n.path("yaml");
        JsonNode note = n.path("note");
        if (!yaml.isTextual()) {
            throw new Refusal(400, "yaml: the care plan's text is required");
        }
        if (!note.isMissingNode() && !note.isNull() && !note.isTextual()) {
            throw new Refusal(400, "note: text");
        }
        return new Body(yaml.asText(), note.isTextual() ? note.asText() : null);
    }

    private static JsonNode json(String text) {
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n == null || !n.isObject()) {
                throw new Refusal(400, "body: a JSON object is required");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Refusal(400, "body: not JSON");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static final class Refusal extends Answers.Refusal {
        Refusal(int status, String message) {
            super(status, message);
        }
    }

    private static Handler<RoutingContext> guarded(Route route) {
        Handler<RoutingContext> checked = ctx -> {
            try {
                Caller c = ctx.get(Caller.KEY);
                if (c == null) {
                    throw new Refusal(401, "log in first");
                }
                ResidentId resident;
                try {
                    resident = ResidentId.of(ctx.pathParam("id"));
                } catch (IllegalArgumentException e) {
                    throw new Refusal(400, "id: not a resident id");
                }
                route.handle(ctx, c, resident);
            } catch (CarePlanException e) {
                // The field and the reason, as the hub's parser names them.
                ok(ctx, 422, Map.of("valid", false, "field", e.key(), "reason", e.reason(), "error", e.getMessage()));
            }
        };
        return Answers.guarded("care-plan store", checked);
    }

    private static void ok(RoutingContext ctx, int status, Object body) {
        Answers.ok(ctx, status, body);
    }
}
