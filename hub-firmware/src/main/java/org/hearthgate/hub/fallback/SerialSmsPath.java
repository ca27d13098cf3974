package org.hearthgate.hub.fallback;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.SmsAlarmCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS through a cellular modem on a serial port (3GPP TS 27.005 text mode), via jSerialComm: {@code AT},
 * {@code ATE0}, {@code AT+CMGF=1}, {@code AT+CSCS="IRA"}, then {@code AT+CMGS="<number>"}, the text after the
 * {@code >} prompt and Ctrl-Z, and the modem's {@code +CMGS: <mr>} and {@code OK}. The port is opened for each
 * attempt and closed after it, so a USB modem that was re-plugged (or re-enumerated after a brown-out) is found again.
 * The text is {@link SmsAlarmCodec}'s one-SMS form.
 */
public final class SerialSmsPath implements FallbackPath {
    private static final Logger LOG = LoggerFactory.getLogger(SerialSmsPath.class);
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,20}");
    private static final Pattern CMGS = Pattern.compile("\\+CMGS:\\s*(\\d+).*");
    private static final byte CTRL_Z = 0x1A;
    private static final byte ESC = 0x1B;
    /** How long one read waits before the deadline is looked at again. */
    private static final int READ_SLICE_MS = 100;

    /**
     * @param port           the modem's serial device, e.g. {@code /dev/ttyUSB2}
     * @param number         where the texts go: the cloud's SMS gateway number, international form ({@code +44…})
     * @param baud           the port speed (USB modems ignore it)
     * @param commandTimeout how long a plain command may take to answer
     * @param sendTimeout    how long the network may take to accept a message after Ctrl-Z (modems allow 60 s+)
     */
    public record Settings(String port, String number, int baud, Duration commandTimeout, Duration sendTimeout) {
        public Settings {
            Require.present(port, "port");
            if (port.isBlank()) {
                throw new IllegalArgumentException("port: is empty");
            }
            if (!NUMBER.matcher(Require.present(number, "number")).matches()) {
                throw new IllegalArgumentException("number: must be a phone number, + and 3-20 digits");
            }
            Require.between(baud, 300, 4_000_000, "baud");
            Require.present(commandTimeout, "commandTimeout");
            Require.present(sendTimeout, "sendTimeout");
        }

        public static Settings of(String port, String number, int baud) {
            return new Settings(port, number, baud, Duration.ofSeconds(5), Duration.ofSeconds(60));
        }
    }

    private final Settings settings;

    public SerialSmsPath(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "SMS";
    }

    @Override
    public Result send(TenantId tenant, Message alarm) {
        String text;
        try {
            text = SmsAlarmCodec.encode(tenant, alarm);
        } catch (IllegalArgumentException e) {
            return new Result.Failed(e.getMessage());
        }
        return withModem(modem -> {
            modem.prepareTextMode();
            return new Result.Sent(modem.sendText(settings.number(), text));
        });
    }

    @Override
    public Result check() {
        return withModem(modem -> {
            modem.command("AT", settings.commandTimeout());
            return new Result.Sent("ok");
        });
    }

    private interface Dialogue {
        Result run(Modem modem) throws ModemException;
    }

    private Result withModem(Dialogue dialogue) {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(settings.port());
        } catch (SerialPortInvalidPortException e) {
            return new Result.Failed("SMS modem: no serial port " + settings.port());
        } catch (LinkageError e) {
            // jSerialComm unpacks a native library into java.io.tmpdir; a noexec /tmp stops it loading.
            return new Result.Failed("SMS modem: the serial library did not load (" + e + "); is java.io.tmpdir "
                    + "writable and not noexec?");
        }
        port.setComPortParameters(settings.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_SLICE_MS, 0);
        if (!port.openPort()) {
            return new Result.Failed("SMS modem: cannot open " + settings.port() + " (error " + port.getLastErrorCode()
                    + "; is it in use, or does the hub lack the dialout group?)");
        }
        try {
            return dialogue.run(new Modem(port));
        } catch (ModemException e) {
            return new Result.Failed("SMS modem: " + e.getMessage());
        } finally {
            port.closePort();
        }
    }

    private static final class ModemException extends Exception {
        private static final long serialVersionUID = 1L;

        ModemException(String message) {
            super(message, null, false, false);
        }
    }

    /** One AT dialogue on an open port: commands, their final result codes, and the {@code >} prompt. */
    private final class Modem {
        private final SerialPort port;
        private final StringBuilder pending = new StringBuilder();
        private final byte[] buffer = new byte[256];

        Modem(SerialPort port) {
            this.port = port;
        }

        void prepareTextMode() throws ModemException {
            drain();
            command("AT", settings.commandTimeout());
            command("ATE0", settings.commandTimeout());
            command("AT+CMGF=1", settings.commandTimeout());
            try {
                // Characters as ASCII, which the modem maps to GSM 7-bit; without it "_" may arrive as "§".
                command("AT+CSCS=\"IRA\"", settings.commandTimeout());
            } catch (ModemException e) {
                LOG.debug("modem keeps its character set: {}", e.getMessage());
            }
        }

        /** Sends one text; returns the message reference from {@code +CMGS: <mr>}. */
        String sendText(String number, String text) throws ModemException {
            write("AT+CMGS=\"" + number + "\"\r");
            awaitPrompt();
            byte[] body = text.getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[body.length + 1];
            System.arraycopy(body, 0, out, 0, body.length);
            out[body.length] = CTRL_Z;
            write(out);
            for (String line : awaitFinal("AT+CMGS", settings.sendTimeout())) {
                Matcher m = CMGS.matcher(line);
                if (m.matches()) {
                    return m.group(1);
                }
            }
            throw new ModemException("AT+CMGS answered OK without +CMGS: the message may not have been sent");
        }

        List<String> command(String command, Duration timeout) throws ModemException {
            write(command + "\r");
            return awaitFinal(command, timeout);
        }

        private void awaitPrompt() throws ModemException {
            long deadline = System.nanoTime() + settings.commandTimeout().toNanos();
            while (true) {
                int start = 0;
                while (start < pending.length() && (pending.charAt(start) == '\r' || pending.charAt(start) == '\n')) {
                    start++;
                }
                if (start < pending.length() && pending.charAt(start) == '>') {
                    pending.setLength(0);
                    return;
                }
                String line = takeLine();
                if (line != null) {
                    finalResult("AT+CMGS", line);
                    continue;
                }
                if (!readSome(deadline)) {
                    write(new byte[] {ESC}); // leave the text-entry state, should the prompt come late
                    throw new ModemException("no '>' prompt after AT+CMGS within " + seconds(settings.commandTimeout()));
                }
            }
        }

        /** Reads lines up to the final result code; returns the information lines before OK. */
        private List<String> awaitFinal(String command, Duration timeout) throws ModemException {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<String> info = new ArrayList<>();
            while (true) {
                String line = takeLine();
                if (line == null) {
                    if (!readSome(deadline)) {
                        throw new ModemException("no answer to " + command + " within " + seconds(timeout));
                    }
                    continue;
                }
                if (line.isEmpty() || line.equals(command)) {
                    continue; // blank separators, and the echo before ATE0 takes effect
                }
                if (finalResult(command, line)) {
                    return info;
                }
                info.add(line);
            }
        }

        /** True for OK; throws for the error result codes; false for any other line. */
        private boolean finalResult(String command, String line) throws ModemException {
            if (line.equals("OK")) {
                return true;
            }
            if (line.equals("ERROR")) {
                throw new ModemException(command + " answered ERROR");
            }
            if (line.startsWith("+CMS ERROR:")) {
                throw new ModemException(command + " failed: " + line + " (the network or SIM refused the message)");
            }
            if (line.startsWith("+CME ERROR:")) {
                throw new ModemException(command + " failed: " + line + " (modem or SIM error)");
            }
            return false;
        }

        private String takeLine() {
            int nl = pending.indexOf("\n");
            if (nl < 0) {
                return null;
            }
            String line = pending.substring(0, nl).replace("\r", "").strip();
            pending.delete(0, nl + 1);
            return line;
        }

        /** Reads what arrives within one slice; false once the deadline has passed with nothing read. */
        private boolean readSome(long deadline) throws ModemException {
            while (System.nanoTime() < deadline) {
                int n = port.readBytes(buffer, buffer.length);
                if (n < 0) {
                    throw new ModemException("reading " + settings.port() + " failed (error "
                            + port.getLastErrorCode() + "; was the modem unplugged?)");
                }
                if (n > 0) {
                    pending.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    return true;
                }
            }
            return false;
        }

        /** Throws away anything left from before (unsolicited codes, a half answer). */
        private void drain() {
            while (port.bytesAvailable() > 0 && port.readBytes(buffer, buffer.length) > 0) {
                // discard
            }
            pending.setLength(0);
        }

        private void write(String s) throws ModemException {
            write(s.getBytes(StandardCharsets.US_ASCII));
        }

        private void write(byte[] bytes) throws ModemException {
            if (port.writeBytes(bytes, bytes.length) != bytes.length) {
                throw new ModemException("writing to " + settings.port() + " failed (error "
                        + port.getLastErrorCode() + ")");
            }
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
