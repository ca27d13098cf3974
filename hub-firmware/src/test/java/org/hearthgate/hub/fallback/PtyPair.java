package org.hearthgate.hub.fallback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two linked pseudo-terminals from {@code socat -d -d pty,raw,echo=0 pty,raw,echo=0}: what one end writes, the other
 * reads, as over a serial cable. The hub's side opens {@link #hubEnd()}, the modem emulator {@link #modemEnd()}.
 * Without socat this fails (never skips): the modem tests need it ({@code ./hearthgate test} installs it).
 */
public final class PtyPair implements AutoCloseable {
    private static final Pattern PTY = Pattern.compile("PTY is (/dev/pts/\\d+)");

    private final Process socat;
    private final String hubEnd;
    private final String modemEnd;

    public PtyPair() throws IOException {
        try {
            socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0").start();
        } catch (IOException e) {
            throw new IllegalStateException("socat is needed for the SMS modem tests and was not found: "
                    + "apt-get install socat (./hearthgate test installs it as root)", e);
        }
        BufferedReader err = new BufferedReader(new InputStreamReader(socat.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> ptys = CompletableFuture.supplyAsync(() -> {
            List<String> found = new ArrayList<>();
            try {
                for (String line; found.size() < 2 && (line = err.readLine()) != null; ) {
                    Matcher m = PTY.matcher(line);
                    if (m.find()) {
                        found.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return found;
        });
        List<String> found;
        try {
            found = ptys.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("socat did not report its two pseudo-terminals: " + e, e);
        }
        if (found.size() != 2) {
            close();
            throw new IllegalStateException("socat reported " + found + " instead of two pseudo-terminals");
        }
        // Keep reading socat's diagnostics, so it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // socat ended
            }
        }, "socat-stderr");
        drain.setDaemon(true);
        drain.start();
        hubEnd = found.get(0);
        modemEnd = found.get(1);
    }

    public String hubEnd() {
        return hubEnd;
    }

    public String modemEnd() {
        return modemEnd;
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
