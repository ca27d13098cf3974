package org.hearthgate.sim.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.RelayMain;
import org.hearthgate.relay.console.Users;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.console.ConsoleClient;

/**
 * The cloud relay under test, as its own process ({@code RelayMain --config cloud.yaml}), so that it is measured
 * through its public surface only (the config file, MQTT, the console REST API and WebSocket) and its JVM is not
 * shared with the fleet's. The bench's console user is created here.
 */
final class RelayProcess implements AutoCloseable {
    static final String USER = "bench";
    /** The InfluxDB database a relay started with an InfluxDB writes its readings to. */
    static final String INFLUX_DATABASE = "bench";

    private final ProcessBuilder command;
    private volatile Process process;
    private volatile long startedNanos;
    private final Path log;
    private final int consolePort;
    private final String password;

    private RelayProcess(ProcessBuilder command, Path log, int consolePort, String password) throws IOException {
        this.command = command;
        this.process = command.start();
        this.startedNanos = System.nanoTime();
        this.log = log;
        this.consolePort = consolePort;
        this.password = password;
    }

    /**
     * Starts a relay on {@code brokerUrl} with its SQLite store in {@code dir}. The ONE place a benchmark starts a
     * relay: adapt it here when the relay's configuration changes.
     */
    static RelayProcess start(Path dir, String brokerUrl, TenantId tenant, Collection<HubId> hubs) {
        return start(dir, brokerUrl, tenant, hubs, null);
    }

    /**
     * As {@link #start(Path, String, TenantId, Collection)}, with readings going to the InfluxDB at {@code influxUrl}
     * (database {@code bench}, spool in {@code dir}); null: the relay's embedded SQLite store.
     */
    static RelayProcess start(Path dir, String brokerUrl, TenantId tenant, Collection<HubId> hubs, String influxUrl) {
        // The relay takes messages only from registered hubs: the fleet's are listed in its configuration.
        try {
            Files.createDirectories(dir);
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            int consolePort = Broker.freePort();
            Path config = Files.writeString(dir.resolve("cloud.yaml"), """
                    broker: {url: "%s", clientId: relay-bench}
                    database: %s
                    console: {host: 127.0.0.1, port: %d}
                    users:
                      - {name: %s, role: RESPONDER, passwordHash: "%s"}
                    %shubs:
                    %s""".formatted(brokerUrl, dir.resolve("relay.db"), consolePort, USER,
                    Users.hash(password.toCharArray()), influxUrl == null ? "" : "readings: {influx: {url: \""
                            + influxUrl + "\", database: " + INFLUX_DATABASE + "}, spool: " + dir.resolve("spool")
                            + "}\n", hubs.stream().map(h -> "  - {tenant: " + tenant + ", id: " + h
                            + "}").collect(java.util.stream.Collectors.joining("\n"))));
            Path log = dir.resolve("relay.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> args = new java.util.ArrayList<>(List.of(java));
            // For profiling the relay under a benchmark, e.g.
            // -Dhearthgate.bench.relay-jvm-options=-XX:StartFlightRecording=filename=relay.jfr,settings=profile
            String extra = System.getProperty("hearthgate.bench.relay-jvm-options", "").strip();
            if (!extra.isEmpty()) {
                args.addAll(List.of(extra.split("\\s+")));
            }
            args.addAll(List.of("-Dlogback.configurationFile=hearthgate-logback.xml", "-cp",
                    System.getProperty("java.class.path"), RelayMain.class.getName(), "--config", config.toString()));
            ProcessBuilder command = new ProcessBuilder(args)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return new RelayProcess(command, log, consolePort, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds since the relay process (last) started. */
    double secondsSinceStart() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** The relay process's id, for sampling it. */
    long pid() {
        return process.pid();
    }

    /**
     * {@code kill -9} (a crash, a power cut), then the same relay starts again on the same store, configuration and
     * console port: log in again with {@link #console}.
     */
    void killAndRestart() {
        process.destroyForcibly();
        try {
            process.waitFor();
            process = command.start();
            startedNanos = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Logs in to the relay's console once it answers (waiting up to {@code timeout}). */
    ConsoleClient console(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the relay exited with " + process.exitValue() + ": " + tail());
            }
            ConsoleClient c = new ConsoleClient(consolePort);
            try {
                return c.login(USER, password);
            } catch (IOException e) {
                last = e;
                c.close();
            } catch (InterruptedException e) {
                c.close();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new IllegalStateException("the relay's console did not answer within " + timeout + " (" + last
                + "): " + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
