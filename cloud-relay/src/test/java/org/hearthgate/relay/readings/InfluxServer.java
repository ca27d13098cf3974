package org.hearthgate.relay.readings;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real {@code influxd} (Debian's InfluxDB 1.6.7) for tests: its config and data in a temp dir, HTTP and RPC on free
 * loopback ports, reporting off. It can be stopped and started again on the same dirs and port (an outage), and
 * {@link #close()} stops it and deletes the dir.
 */
public final class InfluxServer implements AutoCloseable {
    private final Path dir;
    private final int httpPort;
    private Process process;

    private InfluxServer(Path dir, int httpPort) {
        this.dir = dir;
        this.httpPort = httpPort;
    }

    public static InfluxServer start() throws IOException {
        Path dir = Files.createTempDirectory("hg-influx");
        int http = freePort();
        int rpc = freePort();
        Files.writeString(dir.resolve("influxdb.conf"), """
                reporting-enabled = false
                bind-address = "127.0.0.1:%d"
                [meta]
                  dir = "%s/meta"
                  logging-enabled = false
                [data]
                  dir = "%s/data"
                  wal-dir = "%s/wal"
                  query-log-enabled = false
                  trace-logging-enabled = false
                [monitor]
                  store-enabled = false
                [http]
                  enabled = true
                  bind-address = "127.0.0.1:%d"
                  auth-enabled = false
                  log-enabled = false
                  pprof-enabled = false
                [continuous_queries]
                  enabled = false
                """.formatted(rpc, dir, dir, dir, http));
        InfluxServer s = new InfluxServer(dir, http);
        s.resume();
        return s;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path dir() {
        return dir;
    }

    /** Starts influxd (again, on the same dirs and port) and waits for {@code /ping}. */
    public synchronized void resume() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder("influxd", "run", "-config", dir.resolve("influxdb.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()))
                .start();
        Awaitility.await("influxd answers /ping").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(this::answers);
    }

    /** Stops influxd (SIGTERM, then SIGKILL) and waits until its port refuses. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/ping").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            try {
                return c.getResponseCode() == 204;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
