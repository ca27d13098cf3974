package org.hearthgate.sim.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.hearthgate.sim.stack.TempDirs;

/**
 * A real Eclipse Mosquitto (Debian package {@code mosquitto}) started as a child process on a loopback port, with
 * its config and log in a temp directory. Persistence is on, so a restart keeps sessions, like a production broker.
 */
public final class MosquittoBroker implements Broker {
    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final Path dir;
    private final int port;
    private final boolean tls;

    private MosquittoBroker(Process process, Path dir, int port, boolean tls) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.tls = tls;
    }

    /** A fresh temp directory for a broker's config, passwords, ACL and persistence. */
    public static Path newDirectory() {
        Path d = TempDirs.create("hearthgate-mosquitto");
        d.toFile().setWritable(true, false);
        d.toFile().setExecutable(true, false);
        return d;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    public static MosquittoBroker start(int port) {
        return start(port, null);
    }

    /** Starts on {@code port}, reusing {@code dir} (for a restart) or a fresh temp directory when null. */
    public static MosquittoBroker start(int port, Path dir) {
        return start(port, dir, "allow_anonymous true\n");
    }

    /**
     * Starts with {@code security} as the listener's access settings (for example {@code allow_anonymous false},
     * {@code password_file} and {@code acl_file}, written into the same directory by the caller).
     */
    public static MosquittoBroker start(int port, Path dir, String security) {
        return start(port, dir, security, null);
    }

    /**
     * Starts a TLS listener: {@code listenerTls} holds its lines ({@code certfile}, {@code keyfile}, {@code cafile},
     * {@code require_certificate}, {@code use_identity_as_username}); {@link #url()} is then {@code ssl://}.
     */
    public static MosquittoBroker startTls(int port, Path dir, String security, String listenerTls) {
        return start(port, dir, security, listenerTls);
    }

    private static MosquittoBroker start(int port, Path dir, String security, String listenerTls) {
        if (!installed()) {
            throw new IllegalStateException("mosquitto is not installed: apt-get install -y mosquitto");
        }
        try {
            Path d = dir != null ? dir : TempDirs.create("hearthgate-mosquitto");
            // Mosquitto drops root privileges to user 'mosquitto': let it write its persistence file. The queue limit
            // is high because load tests resend unreceipted messages every few seconds while a relay is dead, and
            // each resend queues again for its session: a limit that drops the oldest would drop test traffic.
            d.toFile().setWritable(true, false);
            d.toFile().setExecutable(true, false);
            Path conf = d.resolve("mosquitto.conf");
            Files.writeString(conf, """
                    per_listener_settings false
                    %s
                    listener %d 127.0.0.1
                    %s
                    persistence true
                    persistence_location %s/
                    autosave_interval 1
                    max_queued_messages 1000000
                    log_dest stdout
                    log_type error
                    log_type warning
                    log_type notice
                    """.formatted(security, port, listenerTls == null ? "" : listenerTls, d));
            return launch(d, port, conf, listenerTls != null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts with a configuration the caller wrote whole (listener, limits, logging) into {@code dir}, for
     * measurements that need their own broker settings; {@code port} is the config's listener port.
     */
    public static MosquittoBroker startWithConfig(Path dir, int port, String config) {
        if (!installed()) {
            throw new IllegalStateException("mosquitto is not installed: apt-get install -y mosquitto");
        }
        try {
            dir.toFile().setWritable(true, false);
            dir.toFile().setExecutable(true, false);
            Path conf = Files.writeString(dir.resolve("mosquitto.conf"), config);
            return launch(dir, port, conf, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MosquittoBroker launch(Path d, int port, Path conf, boolean tls) {
        try {
            Process p = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                    .redirectErrorStream(true).redirectOutput(d.resolve("mosquitto.log").toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!accepting(port)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("mosquitto exited with " + p.exitValue() + "; see "
                            + d.resolve("mosquitto.log"));
                }
                if (Instant.now().isAfter(deadline)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
            return new MosquittoBroker(p, d, port, tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean accepting(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 100);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path directory() {
        return dir;
    }

    public int port() {
        return port;
    }

    @Override
    public String url() {
        return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }

    /** SIGKILL: what a crash or power cut does to the broker. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A killed broker keeps its folder for a restart on it; the one closed last deletes it.
        TempDirs.deleteIfMadeHere(dir);
    }
}
