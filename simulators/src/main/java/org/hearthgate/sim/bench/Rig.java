package org.hearthgate.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.fleet.SimulatedHub;

/** What both system benchmarks do around their measurement: wait for the relay to ingest, clean up. */
final class Rig {
    private Rig() {
    }

    /**
     * Waits until the relay ingests: {@code probe} sends a heartbeat every half second until the relay lists its
     * hub. Messages published before the relay's subscription exists would be dropped by the broker and would count
     * against the relay.
     */
    static void awaitIngesting(SimulatedHub probe, ConsoleClient console, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            probe.heartbeat(60);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < until) {
                if (lists(console.get("/api/hubs"), probe.id().value())) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        throw new IllegalStateException("the relay did not ingest a heartbeat from " + probe.id() + " within "
                + timeout);
    }

    /** Waits until the relay lists {@code hub} (it has heard from it). */
    static void awaitListed(org.hearthgate.contract.HubId hub, ConsoleClient console, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!lists(console.get("/api/hubs"), hub.value())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the relay did not list " + hub + " within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static boolean lists(JsonNode hubs, String hub) {
        for (JsonNode h : hubs) {
            if (hub.equals(h.path("hub").asText())) {
                return true;
            }
        }
        return false;
    }

    static Path tempDir(String name) {
        try {
            return Files.createTempDirectory("hearthgate-bench-" + name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }

    /** This process's resident set (VmRSS), or 0 where /proc is not there. */
    static long residentBytes() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long readings(ConsoleClient console) throws IOException, InterruptedException {
        return console.get("/api/metrics").path("readings").asLong();
    }
}
