package org.hearthgate.relay.escalation;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.api.Answers;
import org.hearthgate.relay.audit.AuditTrail;
import org.hearthgate.relay.directory.CareDirectory;

/**
 * The tenant's escalation policies for its admins, under {@value #PREFIX}: the default (zone, named chains, the
 * chain for each priority) and the per-resident choices, each as the YAML an admin edits plus a summary in words.
 * A write is the text itself (YAML or JSON, whatever the content type says), validated by {@link PolicyFormat} and
 * {@link PolicySet} against the rest of the tenant's set (so an advisory may not name family or neighbours, and a
 * default that drops a policy a resident still uses is refused naming that resident's field), then saved whole by
 * {@link PolicyStore} and audited. {@code ?dryRun=true} validates without saving. ADMIN of the tenant only (403).
 * A bad document is 400 with {@code field} (the path PolicyFormat names) and {@code error}.
 */
public final class PolicyRoutes {
    public static final String PREFIX = "/api/escalation/policies";

    private final PolicyStore store;
    private final CareDirectory directory;
    private final AuditTrail audit;

    public PolicyRoutes(PolicyStore store, CareDirectory directory, AuditTrail audit) {
        this.store = store;
        this.directory = directory;
        this.audit = audit;
    }

    public void mount(Router router) {
        router.route(PREFIX + "*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        router.get(PREFIX).blockingHandler(guarded(this::get), false);
        router.put(PREFIX + "/default").blockingHandler(guarded(this::putDefault), false);
        router.put(PREFIX + "/residents/:id").blockingHandler(guarded(this::putResident), false);
    }

    private void get(RoutingContext ctx) {
        Caller caller = admin(ctx);
        Optional<PolicySet> saved = store.load(caller.tenant());
        PolicySet set = saved.orElseGet(PolicySet::builtIn);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("builtIn", saved.isEmpty());
        out.put("zone", set.zone().getId());
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("yaml", PolicyFormat.defaultsYaml(set));
        defaults.put("priorities", ordered(set.byPriority()));
        defaults.put("policies", set.policies().values().stream()
                .sorted(java.util.Comparator.comparing(EscalationPolicy::name))
                .map(p -> Map.of("name", p.name(), "summary", PolicyFormat.summary(p))).toList());
        out.put("default", defaults);
        List<Map<String, Object>> residents = new ArrayList<>();
        set.residents().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("resident", e.getKey());
            r.put("name", name(caller, e.getKey()));
            r.put("yaml", PolicyFormat.choicesYaml(e.getValue(), ""));
            r.put("choices", ordered(e.getValue()));
            residents.add(r);
        });
        out.put("residents", residents);
        ok(ctx, 200, out);
    }

    /** The tenant's default; the residents' choices stay, and must still name policies the new default has. */
    private void putDefault(RoutingContext ctx) {
        Caller caller = admin(ctx);
        String text = text(ctx);
        PolicySet given = PolicyFormat.parse(text);
        if (!given.residents().isEmpty()) {
            throw new BadRequest("residents: a resident's choices are set with PUT " + PREFIX + "/residents/{id}");
        }
        Optional<PolicySet> saved = store.load(caller.tenant());
        PolicySet next = new PolicySet(given.zone(), given.policies(), given.byPriority(),
                saved.map(PolicySet::residents).orElse(Map.of()));
        save(ctx, caller, saved, next, "policy.default", null, next.policies().size() + " policies");
    }

    /** One resident's choices ({@code CRITICAL: emergency-r42}); an empty document removes them. */
    private void putResident(RoutingContext ctx) {
        Caller caller = admin(ctx);
        ResidentId id;
        try {
            id = ResidentId.of(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("id: '" + ctx.pathParam("id") + "' is not a resident id");
        }
        if (directory.resident(caller.tenant(), id).isEmpty()) {
            throw new Refusal(404, "no resident " + id);
        }
        String body = ctx.body() == null ? null : ctx.body().asString();
        Map<Priority, String> choices = PolicyFormat.parseChoices(body, "residents." + id.value());
        Optional<PolicySet> saved = store.load(caller.tenant());
        PolicySet now = saved.orElseGet(PolicySet::builtIn);
        Map<String, Map<Priority, String>> residents = new LinkedHashMap<>(now.residents());
        if (choices.isEmpty()) {
            residents.remove(id.value());
        } else {
            residents.put(id.value(), choices);
        }
        PolicySet next = new PolicySet(now.zone(), now.policies(), now.byPriority(), residents);
        save(ctx, caller, saved, next, "policy.resident", id, choices.isEmpty() ? "removed"
                : String.join(", ", ordered(choices).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .toList()));
    }

    private void save(RoutingContext ctx, Caller caller, Optional<PolicySet> saved, PolicySet next, String action,
            ResidentId resident, String detail) {
        String change = saved.isEmpty() ? "CREATED" : saved.get().equals(next) ? "UNCHANGED" : "UPDATED";
        if ("true".equals(ctx.request().getParam("dryRun"))) {
            ok(ctx, 200, Map.of("valid", true, "change", change));
            return;
        }
        if (!"UNCHANGED".equals(change)) {
            store.save(caller.tenant(), next);
            audit.record(caller, action + "." + change.toLowerCase(java.util.Locale.ROOT), resident, detail);
        }
        ok(ctx, 200, Map.of("valid", true, "change", change));
    }

    private String name(Caller caller, String resident) {
        try {
            return directory.resident(caller.tenant(), ResidentId.of(resident))
                    .map(r -> r.calledName() + " " + r.familyName()).orElse(null);
        } catch (IllegalArgumentException e) {
            return null; // a choice for an id the directory cannot hold: shown by id
        }
    }

    private static Map<String, String> ordered(Map<Priority, String> choices) {
        Map<String, String> out = new LinkedHashMap<>();
        new EnumMap<>(choices).forEach((p, name) -> out.put(p.name(), name));
        return out;
    }

    // ---- plumbing, as DirectoryRoutes

    private static String text(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new BadRequest("policy document: is required (YAML or JSON)");
        }
        return text;
    }

    private static Caller admin(RoutingContext ctx) {
        Caller caller = ctx.get(Caller.KEY);
        if (caller == null) {
            throw new Refusal(401, "log in first");
        }
        if (!caller.isAdminOf(caller.tenant())) {
            throw new Refusal(403, "only an admin of this service may do this");
        }
        return caller;
    }

    private static class Refusal extends Answers.Refusal {
        Refusal(int status, String message) {
            super(status, message);
        }
    }

    private static final class BadRequest extends Refusal {
        BadRequest(String message) {
            super(400, message);
        }
    }

    private static Handler<RoutingContext> guarded(Handler<RoutingContext> h) {
        return Answers.guarded("policy store", h);
    }

    private static void ok(RoutingContext ctx, int status, Object value) {
        Answers.ok(ctx, status, value);
    }
}
