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
    private final RelayStore store;
    private final Downlink downlink;
    private final Users users;
    private final RelayMetrics metrics;
    private final Clock clock;
    private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    public ConsoleServer(RelayStore store, Downlink downlink, Users users, RelayMetrics metrics, Clock clock) {
        this.store = store;
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
        router.post("/api/login").blockingHandler(this::login);
        router.get("/live").handler(this::onLive);
        router.route("/api/*").handler(this::authenticate);
        router.get("/api/alarms").blockingHandler(ctx -> ok(ctx, store.alarms(
                !"false".equals(ctx.request().getParam("open")), 200)));
        router.post("/api/alarms/:id/ack").blockingHandler(ctx -> act(ctx, AlarmState.ACKNOWLEDGED));
        router.post("/api/alarms/:id/resolve").blockingHandler(ctx -> act(ctx, AlarmState.RESOLVED));
        router.get("/api/hubs").blockingHandler(ctx -> ok(ctx, store.hubs()));
        router.get("/api/metrics").blockingHandler(ctx -> ok(ctx, Map.of("relay", metrics.snapshot(),
                "deadLetters", store.deadLetterCount(), "readings", store.readingCount())));
        router.get("/api/dead-letters").blockingHandler(ctx -> ok(ctx, store.deadLetters(100)));
        server = vertx.createHttpServer().requestHandler(router);
        try {
            server.listen(port, host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("console: cannot listen on " + host + ":" + port + ": " + e, e);
        }
        return server.actualPort();
    }

    private void login(RoutingContext ctx) {
        JsonObject body = ctx.body().asJsonObject();
        String user = body == null ? null : body.getString("user");
        String password = body == null ? null : body.getString("password");
        if (user == null || password == null) {
            ctx.response().setStatusCode(400).end("{\"error\":\"user and password are required\"}");
            return;
        }
        Optional<Users.Session> s = users.login(user, password.toCharArray());
        if (s.isEmpty()) {
            ctx.response().setStatusCode(401).end("{\"error\":\"wrong user or password\"}");
            return;
        }
        ok(ctx, Map.of("token", s.get().token(), "user", s.get().user(), "role", s.get().role()));
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
            ws.writeTextMessage(Json.write(Map.of("event", "hello", "at", clock.millis())));
        });
    }

    @Override
    public void publish(String event, Object data) {
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
