package org.hearthgate.relay.console;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.wire.Ack;
import java.util.List;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.relay.Downlink;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.audit.AuditTrail;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.Role;
import org.hearthgate.relay.escalation.Outcome;
import org.hearthgate.relay.escalation.Resolutions;
import org.hearthgate.relay.Json;
import org.hearthgate.relay.LiveFeed;
import org.hearthgate.relay.RelayMetrics;
import org.hearthgate.relay.ingest.HubRegistry;
import org.hearthgate.relay.store.AlarmRecord;
import org.hearthgate.relay.store.RelayStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The responder console: a small web page, a REST API ({@code /api/...}, bearer token from {@code /api/login}) and a
 * WebSocket ({@code /live?token=...}) that pushes every alarm event as it happens. Store calls run on Vert.x
 * worker threads, never on the event loop.
 */
public final class ConsoleServer implements LiveFeed, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final Vertx vertx = Vertx.vertx();
    /** Sign-ins waiting for a hashing thread beyond this many are turned away: a flood cannot stall the console. */
    private static final int MAX_WAITING_LOGINS = 16;

    private final RelayStore store;
    private final HubRegistry registry;
    private final Downlink downlink;
    private final Users users;
    private final java.util.function.Supplier<RelayMetrics.Snapshot> metrics;
    private final Clock clock;
    private final Access access;
    /** Each open live feed and who is watching it: events are filtered per socket by what that caller may see. */
    private final Map<ServerWebSocket, Caller> sockets = new ConcurrentHashMap<>();
    /** Password hashing (deliberately slow) runs here, apart from the worker pool every other request uses. */
    private final io.vertx.core.WorkerExecutor hashing = vertx.createSharedWorkerExecutor("console-login", 2);
    private final java.util.concurrent.atomic.AtomicInteger waitingLogins = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean brokerConnected;
    /** Where an inbound SMS alarm goes (the ingest, as if it came from the hub's alarm topic); null: no SMS route. */
    private volatile SmsInbound smsInbound;

    /** The SMS gateway's callback: the shared secret it must present, and where its alarms go. */
    public record SmsInbound(String token, java.util.function.Consumer<org.hearthgate.relay.sms.InboundSms.Alarm> sink) {
    }

    public void smsInbound(SmsInbound inbound) {
        this.smsInbound = inbound;
    }

    /** Prometheus' text for {@code GET /metrics}; {@code token}, when set, is the bearer secret a scraper presents. */
    public record Scrape(java.util.function.Supplier<String> text, String token) {
    }

    private volatile Scrape scrape;

    public void operatorMetrics(Scrape s) {
        this.scrape = s;
    }
    private HttpServer server;
    private Router router;
    /** Residents' names and towns for the queue, read from the directory once per resident and kept briefly. */
    private final ResidentLabels labels;
    private final CareViews views;
    /** Who has taken which open alarm; null until a database is given (then claiming answers 503). */
    private volatile Claims claims;

    /**
     * The database the console keeps its own tables in (claims), and reads device state from; the relay's own, shared
     * with the other stores. Devices are judged by the care plans' defaults until {@link #useDevices} says otherwise.
     */
    public void useDatabase(org.hearthgate.relay.db.Database database) {
        this.claims = database == null ? null : new Claims(database);
        if (database != null) {
            views.useDevices(new org.hearthgate.relay.devices.DeviceStates(database),
                    org.hearthgate.relay.careplans.CarePlans.defaults());
        }
    }

    /** Device state for the health overview and the card, judged by each resident's care plan. */
    public void useDevices(org.hearthgate.relay.devices.DeviceStates states,
            org.hearthgate.relay.careplans.CarePlans plans) {
        views.useDevices(states, plans);
    }

    /** Where the family summary reads last activity and the week's blood pressure, and the plans it judges by. */
    public void familySources(org.hearthgate.relay.readings.Trends trends,
            org.hearthgate.relay.careplans.CarePlans plans) {
        views.familySources(trends, plans);
    }

    /** Every route this server answers, as "METHOD /path/{param}", for the API document's check. */
    public java.util.SortedSet<String> routes() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        for (io.vertx.ext.web.Route r : router.getRoutes()) {
            if (r.getPath() == null || r.methods() == null || r.methods().isEmpty()) {
                continue; // handlers for every method of a prefix (body limits, authentication)
            }
            String path = r.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
            r.methods().forEach(m -> out.add(m.name() + " " + path));
        }
        return out;
    }

    /** The directory and audit trail behind access control; both may be absent in a bare relay (tests, tools). */
    public record Access(CareDirectory directory, AuditTrail audit) {
        public static final Access NONE = new Access(null, (who, action, resident, detail) -> {
        });
    }

    /**
     * The people side, when the relay has it: resolving with an outcome (the family are told), the alarm's
     * escalation timeline (both may be null: no escalation here, resolving is then plain), routes anyone may reach (the "I'm going" page: its token is the credential) and routes
     * behind sign-in (the directory's admin API).
     */
    public record People(org.hearthgate.relay.escalation.Resolutions resolutions,
            org.hearthgate.relay.escalation.EscalationEngine escalation,
            java.util.function.Consumer<Router> publicRoutes, java.util.function.Consumer<Router> signedInRoutes) {
    }

    private volatile People people;

    /** Call before {@link #start}. */
    public void people(People p) {
        this.people = p;
    }

    public ConsoleServer(RelayStore store, HubRegistry registry, Downlink downlink, Users users,
            java.util.function.Supplier<RelayMetrics.Snapshot> metrics, Clock clock) {
        this(store, registry, downlink, users, metrics, clock, Access.NONE);
    }

    public ConsoleServer(RelayStore store, HubRegistry registry, Downlink downlink, Users users,
            java.util.function.Supplier<RelayMetrics.Snapshot> metrics, Clock clock, Access access) {
        this.access = access;
        this.store = store;
        this.registry = registry;
        this.downlink = downlink;
        this.users = users;
        this.metrics = metrics;
        this.clock = clock;
        this.labels = new ResidentLabels(access.directory(), clock, java.time.Duration.ofSeconds(30));
        this.views = new CareViews(store, access.directory(), labels, clock);
    }

    /** Starts listening; returns the bound port (pass 0 for any free port). */
    public int start(String host, int port) {
        Router router = Router.router(vertx);
        // A care plan may be 32,000 characters (what a hub takes), more in UTF-8 and JSON escapes: its routes read
        // larger bodies; the first body handler a request meets is the one that reads it.
        router.routeWithRegex("/api/residents/[^/]+/care-plan(/.*)?").handler(BodyHandler.create()
                .setBodyLimit(256 * 1024));
        router.route().handler(BodyHandler.create().setBodyLimit(16 * 1024));
        // The page runs only its own files (no inline script, nothing from elsewhere) and is never framed.
        router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("content-security-policy", "default-src 'self'; img-src 'self' data:; "
                        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
                .putHeader("referrer-policy", "no-referrer").putHeader("x-content-type-options", "nosniff")
                .end(resource("console/index.html")));
        // The page's scripts, styles and vendored libraries (no CDN: the console works on a closed network).
        router.route("/console/*").handler(this::asset);
        router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type",
                "application/yaml; charset=utf-8").end(resource("openapi.yaml")));
        router.post("/api/login").handler(this::login);
        router.get("/live").handler(this::onLive);
        router.post("/sms/inbound").blockingHandler(this::smsIn);
        router.get("/metrics").blockingHandler(this::metricsText);
        People p = people;
        if (p != null) {
            p.publicRoutes().accept(router);
        }
        router.route("/api/*").handler(this::authenticate);
        router.route("/fhir/*").handler(this::authenticate);
        router.post("/api/logout").handler(ctx -> {
            users.signOut(ctx.get("session"));
            ctx.response().setStatusCode(204).end();
        });
        router.get("/api/me").handler(ctx -> ok(ctx, me(ctx)));
        router.get("/api/alarms").blockingHandler(this::alarms);
        router.get("/api/alarms/:id").blockingHandler(ctx -> withAlarm(ctx, false, r -> ok(ctx, r)));
        router.post("/api/alarms/:id/ack").blockingHandler(ctx -> act(ctx, AlarmState.ACKNOWLEDGED));
        router.post("/api/alarms/:id/resolve").blockingHandler(ctx -> act(ctx, AlarmState.RESOLVED));
        router.post("/api/alarms/:id/claim").blockingHandler(this::claim);
        router.get("/api/alarms/:id/timeline").blockingHandler(this::timeline);
        router.get("/api/health").blockingHandler(this::health);
        router.get("/api/family").blockingHandler(this::family);
        router.get("/api/residents/:id").blockingHandler(this::residentCard);
        router.get("/api/hubs").blockingHandler(ctx -> ok(ctx, store.hubs().stream()
                .filter(h -> mayWatchHub(caller(ctx), h)).toList()));
        router.get("/api/metrics").blockingHandler(ctx -> staffOnly(ctx, () -> Map.of("relay", metrics.get(),
                "deadLetters", store.deadLetterCount(), "readings", store.readingCount())));
        router.get("/api/registrations").blockingHandler(ctx -> adminOnly(ctx, () -> store.registrations().stream()
                .filter(r -> r.tenant().equals(caller(ctx).tenant().value())).toList()));
        router.post("/api/registrations/:tenant/:hub/confirm").blockingHandler(this::confirmHub);
        router.get("/api/dead-letters").blockingHandler(ctx -> adminOnly(ctx, () -> store.deadLetters(100)));
        router.get("/api/audit").blockingHandler(this::auditOf);
        if (p != null) {
            p.signedInRoutes().accept(router);
        }
        this.router = router;
        server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                .setWebSocketSubProtocols(java.util.List.of(LIVE_PROTOCOL))).requestHandler(router);
        try {
            server.listen(port, host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("console: cannot listen on " + host + ":" + port + ": " + e, e);
        }
        return server.actualPort();
    }

    /**
     * Sign-in. A malformed body is a 400; nothing the user typed is logged; a name locked from this address is told
     * so and for how long; hashing runs on its own small pool, and a flood beyond it is turned away with a 503.
     */
    private void login(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        Object user = body == null ? null : body.getValue("user");
        Object password = body == null ? null : body.getValue("password");
        String code = body == null || !(body.getValue("code") instanceof String c) ? null : c;
        if (!(user instanceof String u) || !(password instanceof String p) || u.isEmpty() || u.length() > 64
                || p.length() > 1024) {
            ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
                    .end("{\"error\":\"user and password are required\"}");
            return;
        }
        if (waitingLogins.incrementAndGet() > MAX_WAITING_LOGINS) {
            waitingLogins.decrementAndGet();
            ctx.response().setStatusCode(503).putHeader("retry-after", "2").putHeader("content-type", "application/json")
                    .end("{\"error\":\"Too many sign-ins at once: try again in a moment.\"}");
            return;
        }
        String client = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        hashing.executeBlocking(() -> users.attempt(u, p.toCharArray(), code, client), false).onComplete(r -> {
            waitingLogins.decrementAndGet();
            if (r.failed()) {
                ctx.response().setStatusCode(500).end("{\"error\":\"sign-in failed\"}");
                return;
            }
            switch (r.result()) {
                case Users.Login.Ok ok -> ok(ctx, Map.of("token", ok.session().token(), "user", ok.session().user(),
                        "role", ok.session().role(), "tenant", ok.session().tenant().value()));
                case Users.Login.CodeRequired c -> ctx.response().setStatusCode(401).putHeader("content-type",
                        "application/json").end("{\"error\":\"enter the code from your authenticator app\","
                                + "\"codeRequired\":true}");
                case Users.Login.Wrong w -> ctx.response().setStatusCode(401).putHeader("content-type",
                        "application/json").end("{\"error\":\"wrong user or password\"}");
                case Users.Login.Locked l -> ctx.response().setStatusCode(429)
                        .putHeader("retry-after", String.valueOf(Math.max(1, l.remaining().toSeconds())))
                        .putHeader("content-type", "application/json")
                        .end(Json.write(Map.of("error", "Too many wrong passwords: this account is locked here for "
                                + Math.max(1, (l.remaining().toSeconds() + 59) / 60) + " minute(s).")));
            }
        });
    }

    /**
     * A hub's fallback text, forwarded by the SMS gateway (GOV.UK Notify's received-text callback, or a generic one).
     * It becomes the same alarm as the MQTT copy (same message id), so the store keeps one. Anything that is not an
     * alarm text is still answered 2xx (after counting it), or the gateway would retry it for ever.
     */
    private void smsIn(RoutingContext ctx) {
        SmsInbound in = smsInbound;
        if (in == null) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        byte[] expected = ("Bearer " + in.token()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (header == null || !java.security.MessageDigest.isEqual(expected,
                header.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            ctx.response().setStatusCode(401).end();
            return;
        }
        try {
            in.sink().accept(org.hearthgate.relay.sms.InboundSms.parse(ctx.request().getHeader("Content-Type"),
                    ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes()));
            ctx.response().setStatusCode(202).end();
        } catch (org.hearthgate.contract.wire.WireFormatException e) {
            LOG.warn("inbound SMS not taken: {}", e.getMessage());
            store.deadLetter("sms/inbound", new byte[0], "inbound SMS: " + e.getMessage(), clock.instant());
            ctx.response().setStatusCode(200).end();
        }
    }

    /** Figures for Prometheus: no personal data, so a token (when configured) rather than a session guards them. */
    private void metricsText(RoutingContext ctx) {
        Scrape s = scrape;
        if (s == null) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        if (s.token() != null && !java.security.MessageDigest.isEqual(("Bearer " + s.token()).getBytes(
                java.nio.charset.StandardCharsets.UTF_8), String.valueOf(ctx.request().getHeader("Authorization"))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            ctx.response().setStatusCode(401).end();
            return;
        }
        ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(s.text().get());
    }

    /** An admin confirms a hub that spoke without being registered. */
    private void confirmHub(RoutingContext ctx) {
        Caller caller = caller(ctx);
        TenantId tenant;
        HubId hub;
        try {
            tenant = TenantId.of(ctx.pathParam("tenant"));
            hub = HubId.of(ctx.pathParam("hub"));
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).end(Json.write(Map.of("error", e.getMessage())));
            return;
        }
        if (!caller.isAdminOf(tenant)) {
            forbidden(ctx, "only an admin of this tenant can register its hubs");
            return;
        }
        try {
            registry.register(tenant, hub);
            access.audit().record(caller, "hub.register", null, tenant.value() + "/" + hub.value());
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).end(Json.write(Map.of("error", e.getMessage())));
            return;
        }
        ok(ctx, Map.of("registered", true));
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
        Optional<Users.Session> s = users.session(token);
        if (s.isEmpty()) {
            ctx.response().setStatusCode(401).end("{\"error\":\"log in first\"}");
            return;
        }
        ctx.put("session", s.get());
        // Residents come from the directory (a database read): resolve them off the event loop.
        vertx.executeBlocking(() -> callerOf(s.get(), clientOf(ctx)), false).onComplete(r -> {
            if (r.failed()) {
                ctx.response().setStatusCode(503).end("{\"error\":\"the directory is not available\"}");
                return;
            }
            ctx.put(Caller.KEY, r.result());
            ctx.next();
        });
    }

    private void act(RoutingContext ctx, AlarmState to) {
        Caller caller = caller(ctx);
        if (!ACTING_ROLES.contains(caller.role())) {
            forbidden(ctx, "only the care team can acknowledge or resolve alarms");
            return;
        }
        AlarmRecord current = alarmOf(ctx, true);
        if (current == null) {
            return;
        }
        AlarmId id = current.id();
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        Object rawNote = body == null ? null : body.getValue("notes", body.getValue("note"));
        String note = !(rawNote instanceof String n) || n.isBlank() ? null : n.strip();
        if (note != null && note.length() > 2_000) {
            note = note.substring(0, 2_000);
        }
        if (to == AlarmState.RESOLVED) {
            Outcome outcome = body == null || !(body.getValue("outcome") instanceof String o) ? null
                    : java.util.Arrays.stream(Outcome.values()).filter(x -> x.name().equals(o)).findFirst()
                            .orElse(null);
            if (outcome == null) {
                ctx.response().setStatusCode(400).putHeader("content-type", "application/json").end(Json.write(Map.of(
                        "error", "say how it ended: outcome is one of " + java.util.Arrays.toString(Outcome.values()))));
                return;
            }
            People p = people;
            if (p != null && p.resolutions() != null) {
                resolveWithOutcome(ctx, caller, current, outcome, note, p);
                return;
            }
            // No escalation here: the outcome, in words, goes first in the note the hub and the history keep.
            note = note == null ? outcomeWords(outcome) : outcomeWords(outcome) + ": " + note;
        }
        Optional<AlarmRecord> moved = store.transition(id, to, caller.login(), note, clock.instant());
        access.audit().record(caller, to == AlarmState.ACKNOWLEDGED ? "alarm.acknowledge" : "alarm.resolve",
                ResidentId.of(current.resident()), id.value());
        if (moved.isEmpty()) {
            ctx.response().setStatusCode(409).end(Json.write(Map.of("error", "alarm " + id + " cannot move to " + to)));
            return;
        }
        AlarmRecord r = moved.get();
        Claims held = claims;
        if (held != null && !r.state().isOpen()) {
            held.release(TenantId.of(r.tenant()), id);
        }
        // Tell the hub, so it can say "help is on the way"; the broker queues it if the hub is offline. A "hub
        // offline" alarm is the cloud's own: the resident never raised it, so nothing is said at home.
        boolean sent = r.code() != EventCode.HUB_OFFLINE && downlink.send(TenantId.of(r.tenant()), HubId.of(r.hub()),
                new Ack(id, to, caller.role().name().toLowerCase(java.util.Locale.ROOT), note));
        publish(to == AlarmState.ACKNOWLEDGED ? "alarm.acknowledged" : "alarm.resolved", Map.of("alarm", r,
                "sentToHub", sent));
        People p = people;
        if (p != null && p.escalation() != null) {
            p.escalation().kick(); // the chain stops at the first acknowledgement: let it look now
        }
        ok(ctx, r);
    }

    /**
     * Resolving where escalation runs: {@link Resolutions} resolves the alarm and tells the hub and the consoles
     * (through the relay's alarm actions), records the outcome, stops the chain and tells the family who were told
     * how it ended (never the notes). Answers the alarm as it is now, and how many family messages were queued.
     */
    @SuppressWarnings("unchecked")
    private void resolveWithOutcome(RoutingContext ctx, Caller caller, AlarmRecord current, Outcome outcome,
            String notes, People p) {
        Resolutions.Result result = p.resolutions().resolve(current.id(), outcome, notes, caller.login(),
                "the care team");
        access.audit().record(caller, "alarm.resolve", ResidentId.of(current.resident()), current.id().value()
                + " " + outcome);
        if (!result.resolved()) {
            ctx.response().setStatusCode(409).end(Json.write(Map.of("error", "alarm " + current.id()
                    + " is already closed")));
            return;
        }
        Claims held = claims;
        if (held != null) {
            held.release(TenantId.of(current.tenant()), current.id());
        }
        Map<String, Object> out = Json.MAPPER.convertValue(store.alarm(current.id()).orElse(current), Map.class);
        out.put("familyTold", result.familyTold());
        ok(ctx, out);
    }

    /** An outcome in the words the hub's log and the alarm history keep when no escalation records it. */
    static String outcomeWords(Outcome o) {
        return switch (o) {
            case FALSE_ALARM -> "False alarm";
            case RESIDENT_OK_AFTER_CALL -> "Resident OK after call";
            case VISITED_RESIDENT_OK -> "Visited: resident OK";
            case VISITED_HELP_GIVEN -> "Visited: help given";
            case AMBULANCE_CALLED -> "Ambulance called";
            case ADMITTED_TO_HOSPITAL -> "Admitted to hospital";
            case NO_RESPONSE_ESCALATED -> "No response: escalated";
            case CANCELLED_BY_RESIDENT -> "Cancelled by the resident";
            case EQUIPMENT_FAULT -> "Equipment fault";
            case CLINICALLY_REVIEWED -> "Reviewed by a clinician";
        };
    }

    /** The alarm's escalation timeline and messages, for the care team; 404 where no escalation runs. */
    private void timeline(RoutingContext ctx) {
        Caller caller = caller(ctx);
        if (!ACTING_ROLES.contains(caller.role())) {
            forbidden(ctx, "for the care team only");
            return;
        }
        AlarmRecord a = alarmOf(ctx, false);
        if (a == null) {
            return;
        }
        People p = people;
        if (p == null || p.escalation() == null) {
            ctx.response().setStatusCode(404).end(Json.write(Map.of("error", "no escalation runs here")));
            return;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("timeline", p.escalation().timeline(a.id()));
        out.put("notifications", p.escalation().notifications(a.id()));
        p.resolutions().outcome(a.id()).ifPresent(o -> out.put("outcome", o.name()));
        ok(ctx, out);
    }

    /**
     * The live feed: a WebSocket at {@code /live}. Browsers cannot set headers on a WebSocket, so the session token
     * travels as a second sub-protocol ({@code new WebSocket(url, ["hearthgate.v1", "bearer." + token])}), never in
     * the URL where access logs would keep it; other clients may send {@code Authorization: Bearer}.
     */
    private void onLive(RoutingContext ctx) {
        String token = null;
        String protocols = ctx.request().getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String p : protocols.split(",")) {
                if (p.trim().startsWith(BEARER_PROTOCOL)) {
                    token = p.trim().substring(BEARER_PROTOCOL.length());
                }
            }
        }
        String header = ctx.request().getHeader("Authorization");
        if (token == null && header != null && header.startsWith("Bearer ")) {
            token = header.substring(7);
        }
        Optional<Users.Session> session = users.session(token);
        if (session.isEmpty()) {
            ctx.response().setStatusCode(401).end();
            return;
        }
        String from = clientOf(ctx);
        // Upgrade at once (the request cannot wait), then learn who is watching; events flow after "hello".
        ctx.request().toWebSocket().onSuccess(ws -> vertx.executeBlocking(() -> callerOf(session.get(), from), false)
                .onSuccess(caller -> {
                    sockets.put(ws, caller);
                    ws.closeHandler(v -> sockets.remove(ws));
                    ws.exceptionHandler(e -> sockets.remove(ws));
                    ws.writeTextMessage(Json.write(Map.of("event", "hello", "at", clock.millis(), "data",
                            Map.of("connected", caller.role().seesWholeTenant() ? brokerConnected : true))));
                }).onFailure(e -> ws.close((short) 1011, "directory unavailable")));
    }

    @Override
    public void publish(String event, Object data) {
        if ("broker.state".equals(event) && data instanceof Map<?, ?> m) {
            brokerConnected = Boolean.TRUE.equals(m.get("connected"));
        }
        String text = Json.write(Map.of("event", event, "at", clock.millis(), "data", data));
        // An alarm event names its tenant and resident: a record from this relay, a map from another (ClusterFeed).
        Object raw = data instanceof Map<?, ?> m ? m.get("alarm") : null;
        // Other events about one resident (a care plan applied) name them at the top: the same rule.
        String[] whose = raw instanceof AlarmRecord a ? new String[] {a.tenant(), a.resident()}
                : raw instanceof Map<?, ?> am ? new String[] {String.valueOf(am.get("tenant")),
                        String.valueOf(am.get("resident"))}
                : data instanceof Map<?, ?> m && m.get("tenant") instanceof String t
                        && m.get("resident") instanceof String r ? new String[] {t, r} : null;
        for (Map.Entry<ServerWebSocket, Caller> e : sockets.entrySet()) {
            Caller c = e.getValue();
            // An alarm goes to those who may see its resident; everything else (broker state, operator alerts,
            // dead letters) is for the care team of the service only.
            // A page for one person (escalation's console step names a login) goes to that person only.
            String forLogin = data instanceof Map<?, ?> m && m.get("login") instanceof String l ? l : null;
            boolean mayHear = forLogin != null ? forLogin.equals(c.login())
                    : whose != null ? mayHear(c, whose[0], whose[1]) : c.role().seesWholeTenant();
            if (!mayHear) {
                continue;
            }
            ServerWebSocket ws = e.getKey();
            vertx.runOnContext(v -> {
                if (!ws.isClosed()) {
                    ws.writeTextMessage(text);
                }
            });
        }
    }

    private static boolean mayHear(Caller c, String tenant, String resident) {
        try {
            return c.maySee(TenantId.of(tenant), ResidentId.of(resident));
        } catch (IllegalArgumentException e) {
            return false; // not a well-formed alarm: nobody hears it
        }
    }

    private static final Set<Role> ACTING_ROLES = java.util.EnumSet.of(Role.ADMIN, Role.RESPONDER, Role.CLINICIAN);
    /** The live feed's sub-protocol, and the prefix of the one that carries the session token. */
    static final String LIVE_PROTOCOL = "hearthgate.v1";
    static final String BEARER_PROTOCOL = "bearer.";

    private static Caller caller(RoutingContext ctx) {
        return ctx.get(Caller.KEY);
    }

    /** Who is asking: for clinicians, family and neighbours, also the residents whose circle names them. */
    private Caller callerOf(Users.Session s, String from) {
        java.util.Set<ResidentId> residents = s.role().seesWholeTenant() || access.directory() == null ? Set.of()
                : access.directory().residentsNaming(s.tenant(), s.user());
        return new Caller(s.user(), s.tenant(), s.role(), residents, from);
    }

    private static String clientOf(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }

    private static void forbidden(RoutingContext ctx, String why) {
        ctx.response().setStatusCode(403).putHeader("content-type", "application/json")
                .end(Json.write(Map.of("error", why)));
    }

    private static void staffOnly(RoutingContext ctx, java.util.function.Supplier<Object> body) {
        if (!caller(ctx).role().seesWholeTenant()) {
            forbidden(ctx, "for the care team only");
            return;
        }
        ok(ctx, body.get());
    }

    private static void adminOnly(RoutingContext ctx, java.util.function.Supplier<Object> body) {
        if (caller(ctx).role() != Role.ADMIN) {
            forbidden(ctx, "for admins only");
            return;
        }
        ok(ctx, body.get());
    }

    private Map<String, Object> me(RoutingContext ctx) {
        Caller c = caller(ctx);
        return Map.of("user", c.login(), "tenant", c.tenant().value(), "role", c.role(), "residents",
                c.residents().stream().map(ResidentId::value).sorted().toList());
    }

    /** The most alarms one answer carries; the page asks for fewer and pages. */
    static final int MAX_ALARMS = 1_000;

    /**
     * The caller's alarms: their tenant's, and for circle roles only their residents', most urgent and oldest first,
     * each with the resident's name and town (from the directory, cached briefly) and who has claimed it.
     */
    private void alarms(RoutingContext ctx) {
        Caller c = caller(ctx);
        boolean open = !"false".equals(ctx.request().getParam("open"));
        int limit;
        try {
            limit = Math.max(1, Math.min(MAX_ALARMS, Integer.parseInt(String.valueOf(
                    java.util.Objects.requireNonNullElse(ctx.request().getParam("limit"), "500")))));
        } catch (NumberFormatException e) {
            ctx.response().setStatusCode(400).end(Json.write(Map.of("error", "limit is a number")));
            return;
        }
        String resident = ctx.request().getParam("resident");
        Set<ResidentId> residents;
        try {
            // The store filters by tenant and by the residents this caller may see; nothing else leaves it.
            residents = resident != null ? (c.maySee(c.tenant(), ResidentId.of(resident))
                    ? Set.of(ResidentId.of(resident)) : Set.of())
                    : c.role().seesWholeTenant() ? null : c.residents();
        } catch (IllegalArgumentException e) {
            residents = Set.of();
        }
        RelayStore.AlarmPage page = store.alarms(new RelayStore.AlarmQuery(c.tenant(), residents, open, limit));
        Map<String, Claims.Claim> claimed = claims == null || !open ? Map.of() : claims.of(c.tenant());
        List<Map<String, Object>> out = new java.util.ArrayList<>(page.alarms().size());
        for (AlarmRecord a : page.alarms()) {
            out.add(enriched(a, claimed.get(a.id().value())));
        }
        access.audit().record(c, "alarms.list", null, open ? "open" : "all");
        ctx.response().putHeader("x-total-count", String.valueOf(page.total()));
        ok(ctx, out);
    }

    /** An alarm as the queue shows it: the record, the resident's name and town, and its claim. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> enriched(AlarmRecord a, Claims.Claim claim) {
        Map<String, Object> m = Json.MAPPER.convertValue(a, Map.class);
        labels.of(TenantId.of(a.tenant()), ResidentId.of(a.resident())).ifPresent(l -> {
            m.put("residentName", l.name());
            if (l.town() != null) {
                m.put("town", l.town());
            }
        });
        if (claim != null) {
            m.put("claimedBy", claim.login());
            m.put("claimedAt", claim.at().toEpochMilli());
        }
        return m;
    }

    /**
     * Takes an open alarm, so two responders do not take the same call: the first claim wins; a claim by anyone
     * else afterwards is a 409 that names who has it. Claiming again one's own claim is fine.
     */
    private void claim(RoutingContext ctx) {
        Caller caller = caller(ctx);
        if (!ACTING_ROLES.contains(caller.role())) {
            forbidden(ctx, "only the care team can take alarms");
            return;
        }
        Claims held = claims;
        if (held == null) {
            ctx.response().setStatusCode(503).end(Json.write(Map.of("error", "claims need the relay's database")));
            return;
        }
        AlarmRecord a = alarmOf(ctx, true);
        if (a == null) {
            return;
        }
        if (!a.state().isOpen()) {
            ctx.response().setStatusCode(409).end(Json.write(Map.of("error", "alarm " + a.id() + " is closed")));
            return;
        }
        Claims.Claim claim = held.claim(caller.tenant(), a.id(), caller.login(), clock.instant());
        if (!claim.login().equals(caller.login())) {
            ctx.response().setStatusCode(409).putHeader("content-type", "application/json").end(Json.write(Map.of(
                    "error", claim.login() + " has taken this alarm", "claimedBy", claim.login(),
                    "claimedAt", claim.at().toEpochMilli())));
            return;
        }
        access.audit().record(caller, "alarm.claim", ResidentId.of(a.resident()), a.id().value());
        Map<String, Object> body = enriched(a, claim);
        publish("alarm.claimed", Map.of("alarm", a, "claimedBy", claim.login()));
        ok(ctx, body);
    }

    /** Family and neighbours: their relative(s) only, as much as their place in the circle allows. */
    private void family(RoutingContext ctx) {
        Caller c = caller(ctx);
        if (c.role() != Role.FAMILY && c.role() != Role.NEIGHBOUR) {
            forbidden(ctx, "the family view is for family and neighbours");
            return;
        }
        People p = people;
        List<CareViews.Relative> relatives = views.family(c, id -> p == null || p.resolutions() == null ? null
                : p.resolutions().outcome(id).map(Enum::name).orElse(null));
        relatives.forEach(r -> access.audit().record(c, "family.view", ResidentId.of(r.id()), null));
        ok(ctx, Map.of("relatives", relatives));
    }

    private static final Map<String, String> ASSET_TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "txt", "text/plain; charset=utf-8");
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();

    /** A file of the page from the class path ({@code console/...}); nothing outside it, nothing but these types. */
    private void asset(RoutingContext ctx) {
        String name = ctx.normalizedPath().substring("/console/".length());
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : ASSET_TYPES.get(name.substring(dot + 1));
        if (type == null || !name.matches("[A-Za-z0-9_./-]+") || name.contains("..")
                || ctx.request().method() != io.vertx.core.http.HttpMethod.GET) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        byte[] bytes = assets.computeIfAbsent(name, n -> {
            try (InputStream in = ConsoleServer.class.getClassLoader().getResourceAsStream("console/" + n)) {
                return in == null ? new byte[0] : in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (bytes.length == 0) {
            assets.remove(name);
            ctx.response().setStatusCode(404).end();
            return;
        }
        ctx.response().putHeader("content-type", type).putHeader("cache-control", "no-cache")
                .putHeader("x-content-type-options", "nosniff").end(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    /** The alarm named in the path if the caller may see it; otherwise answers 400, 403 or 404 and returns null. */
    private AlarmRecord alarmOf(RoutingContext ctx, boolean quiet) {
        AlarmId id;
        try {
            id = AlarmId.of(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).end(Json.write(Map.of("error", e.getMessage())));
            return null;
        }
        Optional<AlarmRecord> found = store.alarm(id);
        Caller c = caller(ctx);
        if (found.isPresent() && !c.tenant().value().equals(found.get().tenant())) {
            found = Optional.empty(); // another tenant's alarm does not exist for this caller
        }
        if (found.isEmpty()) {
            ctx.response().setStatusCode(404).end(Json.write(Map.of("error", "no alarm " + id)));
            return null;
        }
        if (!c.maySee(TenantId.of(found.get().tenant()), ResidentId.of(found.get().resident()))) {
            access.audit().record(c, "alarm.read.refused", ResidentId.of(found.get().resident()), id.value());
            forbidden(ctx, "not one of your residents");
            return null;
        }
        if (!quiet) {
            access.audit().record(c, "alarm.read", ResidentId.of(found.get().resident()), id.value());
        }
        return found.get();
    }

    private void withAlarm(RoutingContext ctx, boolean quiet, java.util.function.Consumer<AlarmRecord> then) {
        AlarmRecord r = alarmOf(ctx, quiet);
        if (r != null) {
            then.accept(r);
        }
    }

    /**
     * A resident's card. The care team sees everything a responder needs before going in; family and neighbours
     * see their relative's name only here (their view is built from alarms and shared trends); anyone else a 403.
     */
    private void residentCard(RoutingContext ctx) {
        Caller c = caller(ctx);
        ResidentId id;
        try {
            id = ResidentId.of(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).end(Json.write(Map.of("error", e.getMessage())));
            return;
        }
        if (!c.maySee(c.tenant(), id)) {
            access.audit().record(c, "resident.read.refused", id, null);
            forbidden(ctx, "not one of your residents");
            return;
        }
        Optional<org.hearthgate.relay.directory.Resident> r = access.directory() == null ? Optional.empty()
                : access.directory().resident(c.tenant(), id);
        if (r.isEmpty()) {
            ctx.response().setStatusCode(404).end(Json.write(Map.of("error", "no resident " + id.value())));
            return;
        }
        access.audit().record(c, "resident.read", id, "card");
        if (c.role() == Role.FAMILY || c.role() == Role.NEIGHBOUR) {
            ok(ctx, Map.of("id", id.value(), "name", r.get().calledName()));
            return;
        }
        ok(ctx, Map.of("resident", r.get(), "circle", access.directory().circle(c.tenant(), id)));
    }

    /** Largest page of the health overview. */
    static final int MAX_HEALTH = 1_000;

    /**
     * The health overview, worst first, one page ({@code limit}, default 500; {@code offset}) with the count of all in
     * {@code x-total-count}: the care team's, for their whole tenant. With {@code resident}: that resident's hubs and
     * devices (the card), also for a clinician in the resident's circle.
     */
    private void health(RoutingContext ctx) {
        Caller c = caller(ctx);
        int limit;
        int offset;
        ResidentId resident;
        try {
            limit = Math.max(1, Math.min(MAX_HEALTH, Integer.parseInt(java.util.Objects.requireNonNullElse(
                    ctx.request().getParam("limit"), "500"))));
            offset = Math.max(0, Integer.parseInt(java.util.Objects.requireNonNullElse(
                    ctx.request().getParam("offset"), "0")));
            String r = ctx.request().getParam("resident");
            resident = r == null ? null : ResidentId.of(r);
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).putHeader("content-type", "application/json").end(Json.write(Map.of(
                    "error", e instanceof NumberFormatException ? "limit and offset are numbers" : e.getMessage())));
            return;
        }
        boolean allowed = resident == null ? c.role().seesWholeTenant()
                : (c.role().seesWholeTenant() || c.role() == Role.CLINICIAN) && c.maySee(c.tenant(), resident);
        if (!allowed) {
            forbidden(ctx, "for the care team only");
            return;
        }
        CareViews.HealthPage page = views.health(c, resident, limit, offset);
        ctx.response().putHeader("x-total-count", String.valueOf(page.total()));
        ok(ctx, page.hubs());
    }

    private boolean mayWatchHub(Caller c, RelayStore.HubRecord h) {
        if (!c.tenant().value().equals(h.tenant())) {
            return false;
        }
        if (c.role().seesWholeTenant()) {
            return true;
        }
        return access.directory() != null && access.directory().residentOfHub(c.tenant(), HubId.of(h.hub()))
                .filter(c.residents()::contains).isPresent();
    }

    /** For an IG lead (an admin): who looked at or changed a resident's record. */
    private void auditOf(RoutingContext ctx) {
        Caller c = caller(ctx);
        if (c.role() != Role.ADMIN || !(access.audit() instanceof org.hearthgate.relay.audit.SqlAuditTrail trail)) {
            forbidden(ctx, "for admins only");
            return;
        }
        String resident = ctx.request().getParam("resident");
        try {
            ok(ctx, resident == null ? trail.latest(200).stream().filter(e -> e.tenant().equals(c.tenant().value()))
                    .toList() : trail.about(c.tenant(), ResidentId.of(resident), 500));
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).end(Json.write(Map.of("error", e.getMessage())));
        }
    }

    private static void ok(RoutingContext ctx, Object value) {
        ctx.response().putHeader("content-type", "application/json").end(Json.write(value));
    }

    private static String resource(String name) {
        try (InputStream in = ConsoleServer.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? "missing " + name : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "cannot read " + name;
        }
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("console: close: {}", e.toString());
        }
    }
}
