package org.hearthgate.hub.fallback;

import com.fazecast.jSerialComm.SerialPort;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cellular modem's text-mode SMS dialogue on the far end of a pseudo-terminal, answering as a real one does: echo
 * until {@code ATE0}, {@code OK} to commands, the {@code > } prompt after {@code AT+CMGS="…"}, then the text up to
 * Ctrl-Z and {@code +CMGS: 12} and {@code OK}. On demand it answers the next commands or sends with an error instead,
 * or stays silent. It records what it saw, as the modem's side of the wire.
 */
public final class ModemEmulator implements AutoCloseable {
    /** One text the emulator "sent": destination and body. */
    public record Sms(String number, String text) {
    }

    private final SerialPort port;
    private final Thread thread;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<Sms> sent = new CopyOnWriteArrayList<>();
    /** Scripted answers to the next sends (after Ctrl-Z), e.g. "+CMS ERROR: 500"; empty = "+CMGS: 12" and OK. */
    private final Deque<String> sendFailures = new ArrayDeque<>();
    private volatile String failCommand;
    private volatile String failCommandWith;
    private volatile boolean silent;
    private volatile boolean running = true;
    private boolean echo = true;
    private int nextReference = 12;

    public ModemEmulator(String device) {
        port = SerialPort.getCommPort(device);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 50, 0);
        if (!port.openPort()) {
            throw new IllegalStateException("cannot open the emulator's end " + device);
        }
        thread = new Thread(this::run, "modem-emulator");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next {@code n} sends are refused with {@code answer} (e.g. "+CMS ERROR: 500") after the text. */
    public synchronized ModemEmulator refuseNextSends(int n, String answer) {
        for (int i = 0; i < n; i++) {
            sendFailures.add(answer);
        }
        return this;
    }

    /** Answers {@code command} (e.g. "AT+CMGF=1") with {@code answer} (e.g. "ERROR") from now on. */
    public ModemEmulator failCommand(String command, String answer) {
        failCommandWith = answer;
        failCommand = command;
        return this;
    }

    /** Answers nothing at all, as a modem that hung or lost power. */
    public ModemEmulator silent() {
        silent = true;
        return this;
    }

    /** Every command line the modem received, in order (the text of a message is not a command). */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** Every message the modem accepted and "sent". */
    public List<Sms> sent() {
        return List.copyOf(sent);
    }

    /** Commands starting {@code AT+CMGS}: every send attempt, accepted or not. */
    public long sendAttempts() {
        return commands.stream().filter(c -> c.startsWith("AT+CMGS=")).count();
    }

    private void run() {
        byte[] buf = new byte[256];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String textFor = null; // the number, while reading a message body after the prompt
        while (running) {
            int n = port.readBytes(buf, buf.length);
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (textFor != null) {
                    if (b == 0x1A) {
                        finishSend(textFor, line.toString(StandardCharsets.US_ASCII));
                        textFor = null;
                        line.reset();
                    } else if (b == 0x1B) {
                        textFor = null; // cancelled
                        line.reset();
                    } else {
                        line.write(b);
                    }
                } else if (b == '\r') {
                    String command = line.toString(StandardCharsets.US_ASCII).strip();
                    line.reset();
                    if (!command.isEmpty()) {
                        textFor = command(command);
                    }
                } else if (b != '\n') {
                    line.write(b);
                }
            }
        }
    }

    /** Answers one command; returns the destination number when the modem now waits for a message body. */
    private String command(String command) {
        commands.add(command);
        if (silent) {
            return null;
        }
        if (echo) {
            write(command + "\r");
        }
        if (command.equals(failCommand)) {
            write("\r\n" + failCommandWith + "\r\n");
            return null;
        }
        if (command.equals("ATE0")) {
            echo = false;
        } else if (command.equals("ATE1")) {
            echo = true;
        }
        if (command.startsWith("AT+CMGS=\"") && command.endsWith("\"")) {
            write("\r\n> ");
            return command.substring("AT+CMGS=\"".length(), command.length() - 1);
        }
        if (command.startsWith("AT")) {
            write("\r\nOK\r\n");
        } else {
            write("\r\nERROR\r\n");
        }
        return null;
    }

    private synchronized void finishSend(String number, String text) {
        String failure = sendFailures.poll();
        if (failure != null) {
            write("\r\n" + failure + "\r\n");
            return;
        }
        sent.add(new Sms(number, text));
        write("\r\n+CMGS: " + nextReference++ + "\r\n\r\nOK\r\n");
    }

    private void write(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        port.writeBytes(bytes, bytes.length);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        port.closePort();
    }
}
