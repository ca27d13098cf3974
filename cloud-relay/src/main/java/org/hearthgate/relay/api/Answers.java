package org.hearthgate.relay.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hearthgate.contract.config.ConfigException;
import org.hearthgate.relay.Json;
import org.hearthgate.relay.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the feature routes answer: JSON, never cached; a refusal with its status and a message for the caller; a bad
 * value as a 400 that names its field ({@code "field": "safety.keySafeCode"}) when the message starts with one; a
 * store that fails as a 503 whose log names the SQL state only (a constraint's message quotes the row's values, which
 * may be personal); anything else as a 500 with the exception's class, never its message.
 */
public final class Answers {
    private static final Logger LOG = LoggerFactory.getLogger(Answers.class);

    private Answers() {
    }

    /** A request refused on purpose: {@code status} and a message fit for the caller. */
    public static class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Runs {@code h}, answering what it throws as above; {@code store} names the store in the 503 ("directory"). */
    public static Handler<RoutingContext> guarded(String store, Handler<RoutingContext> h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (Refusal r) {
                error(ctx, r.status(), r.getMessage());
            } catch (ConfigException | IllegalArgumentException e) {
                error(ctx, 400, e.getMessage());
            } catch (Database.DataAccessException e) {
                LOG.warn("{} failed: {}", store, e.getCause() instanceof java.sql.SQLException q
                        ? "SQL state " + q.getSQLState() : e.getClass().getSimpleName());
                error(ctx, 503, "the " + store + " is unavailable; try again");
            } catch (RuntimeException e) {
                LOG.error("{} route failed: {}", store, e.getClass().getName());
                error(ctx, 500, "internal error");
            }
        };
    }

    public static void ok(RoutingContext ctx, int status, Object value) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(Json.write(value));
    }

    public static void error(RoutingContext ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        int colon = message == null ? -1 : message.indexOf(": ");
        if (status == 400 && colon > 0 && !message.substring(0, colon).contains(" ")) {
            body.put("field", message.substring(0, colon));
        }
        ok(ctx, status, body);
    }
}
