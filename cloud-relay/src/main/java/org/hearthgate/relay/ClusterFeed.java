package org.hearthgate.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hearthgate.relay.db.Database;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live events across relay instances. Each instance publishes to its own console and, on PostgreSQL, also through
 * {@code NOTIFY}; every other instance {@code LISTEN}s and hands the event to its console, so a responder connected to
 * any instance hears an acknowledgement made on another. On SQLite there is one instance: events stay local.
 * A lost notification costs a live update, never an alarm: consoles also re-read the queue when they reconnect.
 */
public final class ClusterFeed implements LiveFeed, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFeed.class);
    static final String CHANNEL = "hearthgate_live";
    /** NOTIFY payloads are limited to 8000 bytes; anything larger stays local (none of today's events is). */
    private static final int MAX_PAYLOAD = 7_900;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LiveFeed local;
    private final Database db;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread listener;

    public ClusterFeed(Database db, LiveFeed local) {
        this.db = db;
        this.local = local;
        if (db.dialect() == Database.Dialect.POSTGRESQL) {
            listener = new Thread(this::listen, "relay-cluster-feed");
            listener.setDaemon(true);
            listener.start();
        } else {
            listener = null;
        }
    }

    @Override
    public void publish(String event, Object data) {
        local.publish(event, data);
        if (listener == null) {
            return;
        }
        try {
            String payload = JSON.writeValueAsString(Map.of("from", instance, "event", event, "data", data));
            if (payload.length() > MAX_PAYLOAD) {
                return;
            }
            db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    ps.setString(1, CHANNEL);
                    ps.setString(2, payload);
                    ps.execute();
                }
                return null;
            });
        } catch (Exception e) {
            LOG.warn("live event not shared with other relays: {}", e.toString());
        }
    }

    private void listen() {
        while (running.get()) {
            try (Connection c = db.dataSource().getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running.get()) {
                    PGNotification[] got = pg.getNotifications(1_000);
                    if (got == null) {
                        continue;
                    }
                    for (PGNotification n : got) {
                        deliver(n.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (running.get()) {
                    LOG.warn("live events from other relays paused: {}", e.getMessage());
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000_000L);
                }
            }
        }
    }

    private void deliver(String payload) {
        try {
            JsonNode n = JSON.readTree(payload);
            if (instance.equals(n.path("from").asText())) {
                return; // our own, already published locally
            }
            local.publish(n.path("event").asText(), JSON.convertValue(n.path("data"), Map.class));
        } catch (Exception e) {
            LOG.warn("a live event from another relay could not be read: {}", e.toString());
        }
    }

    @Override
    public void close() {
        running.set(false);
        if (listener != null) {
            listener.interrupt();
        }
    }
}
