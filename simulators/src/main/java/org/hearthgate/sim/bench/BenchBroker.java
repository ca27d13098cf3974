package org.hearthgate.sim.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;

/**
 * Mosquitto configured for a pass-through measurement: the broker should not be what limits the figure, and must
 * not drop anything, so that "sent" and "arrived" can be compared.
 * <ul>
 * <li>{@code set_tcp_nodelay true}: small QoS 1 frames and their PUBACKs leave at once (no Nagle delay).</li>
 * <li>{@code max_inflight_messages 1000}: the broker may pipeline up to 1,000 unacknowledged QoS 1 messages to one
 * subscriber (default 20), so one subscriber's round trip does not cap the rate. A client's own Receive Maximum
 * still applies (the relay asks for 64).</li>
 * <li>{@code max_queued_messages} well above the messages one run sends, and {@code max_queued_bytes 0}: a slow
 * subscriber's backlog is kept, never dropped (Mosquitto drops QoS 1 messages past the limit).</li>
 * <li>{@code persistence false}: Mosquitto's persistence is a periodic snapshot, not per message; leaving it out
 * keeps disk noise out of the figure.</li>
 * <li>{@code max_keepalive}, {@code max_connections -1}: nothing refuses the fleet's 10,000 connections.</li>
 * </ul>
 * Anonymous access is on: each simulated hub still presents its own user name and password, but checking 10,000
 * passwords is not what this measures.
 */
final class BenchBroker {
    private BenchBroker() {
    }

    static MosquittoBroker start(Path dir, long messagesPerRun) {
        try {
            Path d = Files.createDirectories(dir);
            int port = Broker.freePort();
            long queued = Math.max(1_000_000, 4 * messagesPerRun);
            return MosquittoBroker.startWithConfig(d, port, """
                    per_listener_settings false
                    allow_anonymous true
                    listener %d 127.0.0.1
                    max_connections -1
                    persistence false
                    set_tcp_nodelay true
                    max_inflight_messages 1000
                    max_queued_messages %d
                    max_queued_bytes 0
                    log_dest stdout
                    log_type error
                    log_type warning
                    """.formatted(port, queued));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
