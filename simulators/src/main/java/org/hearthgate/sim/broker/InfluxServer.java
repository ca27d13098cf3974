package org.hearthgate.sim.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.hearthgate.sim.stack.TempDirs;

/**
 * A real InfluxDB 1.x (Debian package {@code influxdb}) started as a child process: config, data and log in a temp
 * directory, HTTP and RPC on free loopback ports, usage reporting off. It can be stopped and started again on the same
 * data and port (an outage); {@link #close()} stops it and deletes the directory.
 */
public final class InfluxServer implements AutoCloseable {
    public static final String BINARY = "/usr/bin/influxd";

    private final Path dir;
    private final int httpPort;
    private Process process;

    private InfluxServer(Path dir, int httpPort) {
        this.dir = dir;
        this.httpPort = httpPort;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    public static InfluxServer start() {
        if (!installed()) {
            throw new IllegalStateException("influxd is not installed: apt-get install -y influxdb");
        }
        Path dir = TempDirs.create("hearthgate-influx");
        int http = Broker.freePort();
        int rpc = Broker.freePort();
        try {
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
        } catch (IOException e) {
            TempDirs.delete(dir);
            throw new UncheckedIOException(e);
        }
        InfluxServer s = new InfluxServer(dir, http);
        s.resume();
        return s;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts influxd (again, on the same data and port) and waits up to 30 s for {@code /ping}. */
    public synchronized void resume() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder(BINARY, "run", "-config", dir.resolve("influxdb.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!answers()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("influxd did not answer /ping; see " + dir.resolve("influxd.log"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Stops influxd (SIGTERM, then SIGKILL after 15 s). */
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
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private boolean answers() {
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

    @Override
    public void close() {
        stop();
        TempDirs.delete(dir);
    }
}
