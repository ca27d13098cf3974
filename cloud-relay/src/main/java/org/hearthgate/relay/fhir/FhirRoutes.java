package org.hearthgate.relay.fhir;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FHIR R4 read API under {@code /fhir}: {@code metadata}, {@code Patient/{id}}, {@code Patient/{id}/$everything},
 * {@code Observation?patient=&code=&date=}, {@code Device/{id}} and {@code Flag?patient=} (open alarms). JSON only
 * ({@value FhirMapper#FHIR_JSON}); every error is an OperationOutcome (400 bad parameter, 403 refused, 404 unknown).
 * Every request runs on a Vert.x worker thread. Each read of a resident's data is first allowed by {@link FhirAccess}
 * and then recorded by {@link FhirAudit} before it is sent. Authentication is the mounting router's business: put
 * its handler on {@code /fhir/*} before calling {@link #mount}.
 */
public final class FhirRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(FhirRoutes.class);
    private static final String LOINC_PREFIX = FhirMapper.LOINC + "|";

    /** The data of the caller's service: resolved per request (a tenant's ids mean nothing in another tenant). */
    private final java.util.function.Function<RoutingContext, FhirData> data;
    private final FhirAccess access;
    private final FhirAudit audit;
    private final FhirMapper mapper;
    private final ZoneId zone;

    /**
     * @param zone where a date without a time ({@code date=ge2026-03-01}) starts and ends: the service's own
     *             (Europe/London for a UK service)
     */
    public FhirRoutes(FhirData data, FhirAccess access, FhirAudit audit, FhirMapper mapper, ZoneId zone) {
        this(ctx -> data, access, audit, mapper, zone);
    }

    public FhirRoutes(java.util.function.Function<RoutingContext, FhirData> data, FhirAccess access,
            FhirAudit audit, FhirMapper mapper, ZoneId zone) {
        this.data = data;
        this.access = access;
        this.audit = audit;
        this.mapper = mapper;
        this.zone = zone;
    }

    public void mount(Router router) {
        router.get("/fhir/metadata").blockingHandler(guarded(this::metadata), false);
        router.get("/fhir/Patient/:id").blockingHandler(guarded(this::patient), false);
        router.get("/fhir/Patient/:id/:operation").blockingHandler(guarded(this::everything), false);
        router.get("/fhir/Observation").blockingHandler(guarded(this::observations), false);
        router.get("/fhir/Device/:id").blockingHandler(guarded(this::device), false);
        router.get("/fhir/Flag").blockingHandler(guarded(this::flags), false);
        router.route("/fhir/*").handler(ctx -> fail(ctx, 404, IssueType.NOTSUPPORTED,
                "This server has no " + ctx.request().method() + " " + ctx.request().path()
                        + "; see /fhir/metadata"));
    }

    private void metadata(RoutingContext ctx) {
        params(ctx, Set.of());
        send(ctx, 200, mapper.capabilityStatement(base(ctx)));
    }

    private void patient(RoutingContext ctx) {
        params(ctx, Set.of());
        String id = id(ctx.pathParam("id"), "Patient id");
        if (refused(ctx, id)) {
            return;
        }
        Optional<Resident> resident = data.apply(ctx).resident(id);
        if (resident.isEmpty()) {
            fail(ctx, 404, IssueType.NOTFOUND, "No Patient " + id);
            return;
        }
        onlyOf(id, List.of(resident.get().id()));
        audited(ctx, id, mapper.patient(resident.get()));
    }

    private void everything(RoutingContext ctx) {
        if (!"$everything".equals(ctx.pathParam("operation"))) {
            fail(ctx, 404, IssueType.NOTSUPPORTED, "Patient supports the $everything operation only");
            return;
        }
        params(ctx, Set.of());
        String id = id(ctx.pathParam("id"), "Patient id");
        if (refused(ctx, id)) {
            return;
        }
        Optional<Everything> all = data.apply(ctx).everything(id);
        if (all.isEmpty()) {
            fail(ctx, 404, IssueType.NOTFOUND, "No Patient " + id);
            return;
        }
        Everything e = all.get();
        List<String> owners = new ArrayList<>(List.of(e.resident().id()));
        e.devices().forEach(d -> owners.add(d.residentId()));
        e.readings().forEach(r -> owners.add(r.residentId()));
        e.alarms().forEach(a -> owners.add(a.residentId()));
        onlyOf(id, owners);
        audited(ctx, id, mapper.everything(base(ctx), ctx.request().absoluteURI(), e));
    }

    private void observations(RoutingContext ctx) {
        params(ctx, Set.of("patient", "code", "date"));
        String id = patientParam(ctx);
        Set<ReadingType> types = codes(ctx.queryParam("code"));
        DateWindow window = DateWindow.parse(ctx.queryParam("date"), zone);
        if (refused(ctx, id)) {
            return;
        }
        boolean nothingCanMatch = types == null || window.empty();
        List<Reading> readings = nothingCanMatch ? List.of()
                : data.apply(ctx).readings(id, types, window.from(), window.to());
        onlyOf(id, readings.stream().map(Reading::residentId).toList());
        audited(ctx, id, mapper.searchset(base(ctx), ctx.request().absoluteURI(),
                readings.stream().map(mapper::observation).toList()));
    }

    private void device(RoutingContext ctx) {
        params(ctx, Set.of());
        String id = id(ctx.pathParam("id"), "Device id");
        Optional<HomeDevice> device = data.apply(ctx).device(id);
        if (device.isEmpty()) {
            fail(ctx, 404, IssueType.NOTFOUND, "No Device " + id);
            return;
        }
        if (refused(ctx, device.get().residentId())) {
            return;
        }
        audited(ctx, device.get().residentId(), mapper.device(device.get()));
    }

    private void flags(RoutingContext ctx) {
        params(ctx, Set.of("patient"));
        String id = patientParam(ctx);
        if (refused(ctx, id)) {
            return;
        }
        List<Alarm> alarms = data.apply(ctx).openAlarms(id);
        onlyOf(id, alarms.stream().map(Alarm::residentId).toList());
        audited(ctx, id, mapper.searchset(base(ctx), ctx.request().absoluteURI(),
                alarms.stream().map(mapper::flag).toList()));
    }

    /**
     * Access was granted for one resident: a data source that hands back anyone else's record (a wiring or query
     * bug) gets a 500, never a response that shows another person's data.
     */
    private static void onlyOf(String residentId, List<String> owners) {
        if (owners.stream().anyMatch(owner -> !owner.equals(residentId))) {
            throw new IllegalStateException("FhirData returned records of another resident");
        }
    }

    /**
     * The reading types the {@code code} tokens name ({@code 8867-4} or {@code http://loinc.org|8867-4}, comma for
     * "or"); an empty set (every type) when there is no code parameter; null when codes were given and none is one we
     * keep, so nothing can match.
     */
    private static Set<ReadingType> codes(List<String> params) {
        if (params.isEmpty()) {
            return EnumSet.noneOf(ReadingType.class);
        }
        Set<ReadingType> types = EnumSet.noneOf(ReadingType.class);
        for (String param : params) {
            for (String token : param.split(",")) {
                // "code" alone is any system; "system|code" must be LOINC; "|code" (no system) is never ours.
                String code = token.startsWith(LOINC_PREFIX) ? token.substring(LOINC_PREFIX.length())
                        : token.contains("|") ? null : token;
                if (code != null) {
                    ReadingType.ofLoinc(code).ifPresent(types::add);
                }
            }
        }
        return types.isEmpty() ? null : types;
    }

    private static String patientParam(RoutingContext ctx) {
        List<String> values = ctx.queryParam("patient");
        if (values.size() != 1) {
            throw new BadRequest("patient: give exactly one, e.g. patient=Patient/res-1");
        }
        String value = values.get(0);
        return id(value.startsWith("Patient/") ? value.substring("Patient/".length()) : value, "patient");
    }

    private static String id(String value, String what) {
        if (!FhirIds.valid(value)) {
            throw new BadRequest(what + ": is not a FHIR id (1-64 of A-Z a-z 0-9 - .)");
        }
        return value;
    }

    /**
     * Search parameters are handled strictly: one we do not know is refused rather than ignored, so a mistyped
     * filter never quietly widens what is returned. {@code _format} is accepted when it asks for JSON.
     */
    private static void params(RoutingContext ctx, Set<String> allowed) {
        for (String name : ctx.queryParams().names()) {
            if (name.equals("_format")) {
                String format = ctx.queryParams().get(name);
                if (!format.contains("json")) {
                    throw new BadRequest("_format: this server answers in FHIR JSON only");
                }
            } else if (!allowed.contains(name)) {
                throw new BadRequest(name + ": not a parameter this server supports here; see /fhir/metadata");
            }
        }
    }

    private boolean refused(RoutingContext ctx, String residentId) {
        if (access.mayRead(ctx, residentId)) {
            return false;
        }
        fail(ctx, 403, IssueType.FORBIDDEN, "Not allowed to read this resident's data");
        return true;
    }

    /** Records the read, then sends it: if the audit fails, the handler's guard answers 500 and nothing leaks. */
    private void audited(RoutingContext ctx, String residentId, IBaseResource resource) {
        String body = mapper.json(resource);
        audit.read(ctx, residentId, ctx.request().uri());
        respond(ctx, 200, body);
    }

    private void send(RoutingContext ctx, int status, IBaseResource resource) {
        respond(ctx, status, mapper.json(resource));
    }

    private void fail(RoutingContext ctx, int status, IssueType type, String diagnostics) {
        send(ctx, status, mapper.outcome(type, diagnostics));
    }

    private static void respond(RoutingContext ctx, int status, String json) {
        ctx.response().setStatusCode(status).putHeader("content-type", FhirMapper.FHIR_JSON + ";charset=utf-8")
                .end(json);
    }

    /** The FHIR base URL as the client reached it, for fullUrls and links. */
    private static String base(RoutingContext ctx) {
        String uri = ctx.request().absoluteURI();
        int fhir = uri.indexOf("/fhir/");
        return fhir < 0 ? uri : uri.substring(0, fhir + "/fhir".length());
    }

    /** Bad parameters become 400s; anything else a 500 that says nothing of the data (the log has the cause). */
    private Handler<RoutingContext> guarded(Handler<RoutingContext> handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (BadRequest e) {
                fail(ctx, 400, IssueType.INVALID, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("FHIR {} failed", ctx.request().path(), e);
                if (!ctx.response().ended()) {
                    fail(ctx, 500, IssueType.EXCEPTION, "The server could not answer this request");
                }
            }
        };
    }
}
