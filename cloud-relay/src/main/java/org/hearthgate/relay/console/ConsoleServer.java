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
import org.hearthgate.relay.Downlink;
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
    private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
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
    private HttpServer server;

    public ConsoleServer(RelayStore store, HubRegistry registry, Downlink downlink, Users users,
            java.util.function.Supplier<RelayMetrics.Snapshot> metrics, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.downlink = downlink;
        this.users = users;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Starts listening; returns the bound port (pass 0 for any free port). */
    public int start(String host, int port) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(16 * 1024));
        router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8")
                .end(resource("console/index.html")));
        router.post("/api/login").handler(this::login);
        router.get("/live").handler(this::onLive);
        router.post("/sms/inbound").blockingHandler(this::smsIn);
        router.route("/api/*").handler(this::authenticate);
        router.get("/api/alarms").blockingHandler(ctx -> ok(ctx, store.alarms(
                !"false".equals(ctx.request().getParam("open")), 200)));
        router.post("/api/alarms/:id/ack").blockingHandler(ctx -> act(ctx, AlarmState.ACKNOWLEDGED));
        router.post("/api/alarms/:id/resolve").blockingHandler(ctx -> act(ctx, AlarmState.RESOLVED));
        router.get("/api/hubs").blockingHandler(ctx -> ok(ctx, store.hubs()));
        router.get("/api/metrics").blockingHandler(ctx -> ok(ctx, Map.of("relay", metrics.get(),
                "deadLetters", store.deadLetterCount(), "readings", store.readingCount())));
        router.get("/api/registrations").blockingHandler(ctx -> ok(ctx, store.registrations()));
        router.post("/api/registrations/:tenant/:hub/confirm").blockingHandler(this::confirmHub);
        router.get("/api/dead-letters").blockingHandler(ctx -> ok(ctx, store.deadLetters(100)));
        server = vertx.createHttpServer().requestHandler(router);
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
        hashing.executeBlocking(() -> users.attempt(u, p.toCharArray(), client), false).onComplete(r -> {
            waitingLogins.decrementAndGet();
            if (r.failed()) {
                ctx.response().setStatusCode(500).end("{\"error\":\"sign-in failed\"}");
                return;
            }
            switch (r.result()) {
                case Users.Login.Ok ok -> ok(ctx, Map.of("token", ok.session().token(), "user", ok.session().user(),
                        "role", ok.session().role()));
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

    /** An admin confirms a hub that spoke without being registered. */
    private void confirmHub(RoutingContext ctx) {
        Users.Session s = ctx.get("session");
        if (s.role() != Users.Role.ADMIN) {
            ctx.response().setStatusCode(403).end("{\"error\":\"only an admin can register hubs\"}");
            return;
        }
        try {
            registry.register(TenantId.of(ctx.pathParam("tenant")), HubId.of(ctx.pathParam("hub")));
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
        ctx.next();
    }

    private void act(RoutingContext ctx, AlarmState to) {
        Users.Session s = ctx.get("session");
        if (s.role() == Users.Role.FAMILY) {
            ctx.response().setStatusCode(403).end("{\"error\":\"family accounts can view, not act\"}");
            return;
        }
        AlarmId id;
        try {
            id = AlarmId.of(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).end(Json.write(Map.of("error", e.getMessage())));
            return;
        }
        JsonObject body = ctx.body().asJsonObject();
        String note = body == null ? null : body.getString("note");
        Optional<AlarmRecord> moved = store.transition(id, to, s.user(), note, clock.instant());
        if (moved.isEmpty()) {
            ctx.response().setStatusCode(409).end(Json.write(Map.of("error", "alarm " + id + " cannot move to " + to)));
            return;
        }
        AlarmRecord r = moved.get();
        // Tell the hub, so it can say "help is on the way"; the broker queues it if the hub is offline. A "hub
        // offline" alarm is the cloud's own: the resident never raised it, so nothing is said at home.
        boolean sent = r.code() != EventCode.HUB_OFFLINE && downlink.send(TenantId.of(r.tenant()), HubId.of(r.hub()),
                new Ack(id, to, s.role().name().toLowerCase(java.util.Locale.ROOT), note));
        publish(to == AlarmState.ACKNOWLEDGED ? "alarm.acknowledged" : "alarm.resolved", Map.of("alarm", r,
                "sentToHub", sent));
        ok(ctx, r);
    }

    /** The live feed: a WebSocket at {@code /live?token=...} (browsers cannot set headers on a WebSocket). */
    private void onLive(RoutingContext ctx) {
        if (users.session(ctx.request().getParam("token")).isEmpty()) {
            ctx.response().setStatusCode(401).end();
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> {
            sockets.add(ws);
            ws.closeHandler(v -> sockets.remove(ws));
            ws.exceptionHandler(e -> sockets.remove(ws));
            ws.writeTextMessage(Json.write(Map.of("event", "hello", "at", clock.millis(), "data",
                    Map.of("connected", brokerConnected))));
        });
    }

    @Override
    public void publish(String event, Object data) {
        if ("broker.state".equals(event) && data instanceof Map<?, ?> m) {
            brokerConnected = Boolean.TRUE.equals(m.get("connected"));
        }
        String text = Json.write(Map.of("event", event, "at", clock.millis(), "data", data));
        for (ServerWebSocket ws : sockets) {
            vertx.runOnContext(v -> {
                if (!ws.isClosed()) {
                    ws.writeTextMessage(text);
                }
            });
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
