package org.hearthgate.relay.db;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL from Debian's packages for tests: {@code initdb} + {@code pg_ctl} into a temp dir, on a free
 * loopback port, stopped and deleted by {@link #close}. initdb refuses to run as root, so as root (CI) it runs as
 * the {@code postgres} user. fsync is off: the tests kill relays, never the database, and this saves minutes.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final int port;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** True when the PostgreSQL binaries are installed (`./hearthgate test` installs them as root). */
    public static boolean available() {
        return Files.isExecutable(BIN.resolve("pg_ctl"));
    }

    public static PostgresServer start() {
        if (!available()) {
            throw new IllegalStateException("PostgreSQL is not installed: apt-get install -y postgresql");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("hg-pg-");
            if (ROOT) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            int port = freePort();
            run(dir, "initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "hg", "-E", "UTF8",
                    "--no-sync", "--no-instructions");
            run(dir, "pg_ctl", "-D", dir.resolve("data").toString(), "-w", "-t", "60", "-l",
                    dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir
                            + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start");
            return new PostgresServer(dir, port);
        } catch (IOException | InterruptedException e) {
            if (dir != null) {
                delete(dir);
            }
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** A new, empty database on this server; returns its {@code postgresql://} spec for {@link Database#open}. */
    public String newDatabase() {
        String name = "hg_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "hg", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return "postgresql://hg@127.0.0.1:" + port + "/" + name;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            run(dir, "pg_ctl", "-D", dir.resolve("data").toString(), "-w", "-t", "60", "-m", "fast", "stop");
        } catch (IOException | InterruptedException | IllegalStateException e) {
            // deleted below either way
        } finally {
            delete(dir);
        }
    }

    private static void run(Path dir, String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (ROOT) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(BIN.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(tool + ".out").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(tool + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            String out = Files.exists(dir.resolve(tool + ".out")) ? Files.readString(dir.resolve(tool + ".out")) : "";
            String log = Files.exists(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "";
            throw new IllegalStateException(tool + " failed (" + p.exitValue() + "): " + out + log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}
