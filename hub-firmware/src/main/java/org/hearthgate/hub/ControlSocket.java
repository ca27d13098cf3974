package org.hearthgate.hub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.hearthgate.contract.AlarmId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running hub's local control: a Unix socket next to its outbox ({@code outbox.db.sock}), readable and writable
 * by the hub's own user only, never reachable from the network. One line in, one line out. Today it knows one
 * command, {@code test-alarm}: a pendant press without hardware, marked TEST ({@code ./hearthgate hub test-alarm}).
 */
public final class ControlSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);
    public static final String TEST_ALARM = "test-alarm";

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel server, Hub hub) {
        this.path = path;
        this.server = server;
        this.acceptor = new Thread(() -> serve(hub), "hub-control");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where the hub whose outbox is {@code outbox} listens. */
    public static Path pathFor(Path outbox) {
        return outbox.toAbsolutePath().resolveSibling(outbox.getFileName() + ".sock");
    }

    /**
     * Listens on {@code path}. A socket file left by a hub that died is replaced; one that still answers means another
     * hub runs on the same outbox, which must never be, so that is refused.
     */
    public static ControlSocket open(Path path, Hub hub) throws IOException {
        if (Files.exists(path)) {
            if (answers(path)) {
                throw new IOException("another hub is running with this outbox (" + path + " answers)");
            }
            Files.delete(path);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            server.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        return new ControlSocket(path, server, hub);
    }

    private static boolean answers(Path path) {
        try (SocketChannel other = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends one command to the hub listening on {@code path} and returns its one-line answer. */
    public static String send(Path path, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            String answer = in.readLine();
            return answer == null ? "" : answer;
        }
    }

    private void serve(Hub hub) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                        StandardCharsets.UTF_8));
                String line = in.readLine();
                String answer = answer(hub, line == null ? "" : line.strip());
                OutputStream out = Channels.newOutputStream(client);
                out.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("control socket: {}", e.toString());
                }
            }
        }
    }

    private static String answer(Hub hub, String command) {
        if (TEST_ALARM.equals(command)) {
            AlarmId id = hub.testAlarm("the hub's control socket");
            LOG.warn("TEST alarm {} raised from the control socket", id);
            return "ok: TEST alarm " + id + " raised; it goes to the monitoring centre marked TEST";
        }
        return "error: unknown command '" + command + "' (known: " + TEST_ALARM + ")";
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("control socket: {}", e.toString());
        }
    }
}
