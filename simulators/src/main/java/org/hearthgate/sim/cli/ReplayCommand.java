package org.hearthgate.sim.cli;

import org.hearthgate.contract.ManualClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.hearthgate.alerts.AlertEngine;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.alerts.plan.CarePlanException;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.contract.wire.WireFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hearthgate replay --care-plan plan.yaml readings.jsonl}: runs recorded observations (one
 * {@link WireCodec#encodeObservation} object a line) through the alert engine on a virtual clock that follows their
 * timestamps, ticking in between so time-based rules fire, and prints each outcome as one JSON line:
 * {@code {"at": ISO time, "outcome": raise|update|notify|prompt|instruction, "body": wire payload}}.
 *
 * <p>A line may instead be an instruction the hub takes from the cloud, {@code {"at": epoch ms, "down": body}} with
 * the body of a down {@code command} ({@code away-on}, {@code away-off}) or {@code config} (a new
 * {@code carePlanYaml}) exactly as on the wire, so a replay can hold an away period or a change of plan.
 *
 * <p>The whole file is read and validated before anything runs, so a bad line fails the replay (exit 2, naming the
 * line) without half an output. Alarm and message ids are numbered, so a replay's output is repeatable.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay recorded observations through a care plan's local rules and print what the hub would raise.")
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--care-plan", required = true, paramLabel = "PLAN.yaml", description = "the resident's care plan")
    Path carePlan;

    @Parameters(index = "0", paramLabel = "READINGS.jsonl",
            description = "observations, one JSON object a line (wire format), and instructions from the cloud "
                    + "({\"at\": ms, \"down\": command or config body}); - for standard input")
    String readings;

    @Option(names = "--tick", defaultValue = "1s", converter = DurationConverter.class,
            description = "virtual time between engine ticks (default ${DEFAULT-VALUE}; the hub ticks every second)")
    Duration tick;

    @Option(names = "--run-on", defaultValue = "15m", converter = DurationConverter.class,
            description = "keep the clock running this long after the last reading, so pre-alarms end (default ${DEFAULT-VALUE})")
    Duration runOn;

    @Option(names = "--resident", defaultValue = "resident-1", description = "pseudonymous resident id in the output")
    String resident;

    @Option(names = "--no-prompts", description = "leave out what the hub says to the resident")
    boolean noPrompts;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final WireCodec codec = new WireCodec();
    private final ObjectMapper json = new ObjectMapper();
    private long seq;

    /** A line of input with its number, for errors and a stable sort: an observation or an instruction. */
    private record Line(int number, Instant at, Observation observation, Payload instruction) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (tick.isZero() || tick.isNegative()) {
            err.println("replay: --tick must be positive");
            return 2;
        }
        CarePlan plan;
        try {
            plan = CarePlan.parse(Files.readString(carePlan));
        } catch (CarePlanException e) {
            err.println("replay: " + carePlan + ": " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            err.println("replay: " + carePlan + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println("replay: " + carePlan + ": cannot read (" + e.getClass().getSimpleName() + ")");
            return 2;
        }
        ResidentId residentId;
        try {
            residentId = ResidentId.of(resident);
        } catch (IllegalArgumentException e) {
            err.println("replay: --resident: " + e.getMessage());
            return 2;
        }
        List<Line> lines = new ArrayList<>();
        try (BufferedReader in = "-".equals(readings)
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(readings), StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = in.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    lines.add(parse(number, text));
                } catch (WireFormatException e) {
                    err.println("replay: " + readings + " line " + number + ": " + e.getMessage());
                    return 2;
                }
            }
        } catch (NoSuchFileException e) {
            err.println("replay: " + readings + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println("replay: " + readings + ": cannot read (" + e.getClass().getSimpleName() + ")");
            return 2;
        }
        if (lines.isEmpty()) {
            err.println("replay: " + readings + ": no observations");
            return 2;
        }
        // Devices buffer and send late; the engine must see them in measurement order, as the hub's clock would.
        lines.sort(Comparator.comparing(Line::at).thenComparingInt(Line::number));
        run(plan, residentId, lines, out);
        out.flush();
        return 0;
    }

    /**
     * One input line: an instruction when it is an object with {@code down}, else an observation. The instruction's
     * body is decoded by the wire codec inside a down message, so it is checked exactly as the hub checks one.
     */
    private Line parse(int number, String text) {
        JsonNode node = null;
        try {
            node = json.readTree(text);
        } catch (IOException e) {
            // not JSON: the codec below says so in its own words
        }
        if (node == null || !node.isObject() || !node.has("down")) {
            Observation o = codec.decodeObservation(text);
            return new Line(number, o.at(), o, null);
        }
        JsonNode at = node.get("at");
        if (at == null || !at.isIntegralNumber() || at.asLong() < 0) {
            throw new WireFormatException("at", "an instruction needs the time the hub took it, epoch milliseconds");
        }
        ObjectNode message = json.createObjectNode().put("v", Message.SCHEMA_VERSION).put("id", "replay-line-" + number)
                .put("hub", "replay").put("seq", number).put("at", at.asLong());
        message.set("body", node.get("down"));
        Payload body = codec.decode(message.toString().getBytes(StandardCharsets.UTF_8)).body();
        switch (body) {
            case org.hearthgate.contract.wire.Command c when c.name().equals("away-on") || c.name().equals("away-off") -> {
            }
            case org.hearthgate.contract.wire.Command c ->
                    throw new WireFormatException("down.name", "'" + c.name() + "' changes nothing in a replay; "
                            + "away-on and away-off do");
            case org.hearthgate.contract.wire.ConfigUpdate c when c.carePlanYaml() != null -> {
                try {
                    CarePlan.parse(c.carePlanYaml());
                } catch (CarePlanException e) {
                    throw new WireFormatException("down.carePlanYaml", e.getMessage());
                }
            }
            case org.hearthgate.contract.wire.ConfigUpdate c ->
                    throw new WireFormatException("down", "a config instruction needs carePlanYaml in a replay");
            default -> throw new WireFormatException("down.type", "only command and config are instructions");
        }
        return new Line(number, Instant.ofEpochMilli(at.asLong()), null, body);
    }

    private void run(CarePlan plan, ResidentId residentId, List<Line> lines, PrintWriter out) {
        ManualClock clock = new ManualClock(lines.get(0).at());
        int[] alarmNo = {0};
        java.util.function.Supplier<AlarmId> ids = () -> AlarmId.of(String.format("alarm-%04d", ++alarmNo[0]));
        AlertEngine engine = new AlertEngine(residentId, plan, clock, ids);
        for (Line line : lines) {
            Instant at = line.at();
            advance(engine, clock, at, out);
            clock.set(at);
            if (line.observation() != null) {
                print(engine.onObservation(line.observation()), at, out);
                continue;
            }
            body(out, "instruction", line.instruction(), at);
            switch (line.instruction()) {
                // What the hub does with the command: away pauses the inactivity rules (Hub.onCommand).
                case org.hearthgate.contract.wire.Command c -> engine.setAway(c.name().equals("away-on"));
                // A new plan takes over from this moment, as on a hub that takes the plan from the cloud
                // (Hub.onConfig, AlertEngine.replacePlan): open alarms, away mode, devices and unchanged rules'
                // state carry over; a pre-alarm of a removed rule ends.
                case org.hearthgate.contract.wire.ConfigUpdate c ->
                        print(engine.replacePlan(CarePlan.parse(c.carePlanYaml())), at, out);
                default -> throw new IllegalStateException("parse() lets only commands and configs through");
            }
        }
        advance(engine, clock, clock.instant().plus(runOn), out);
    }

    private void body(PrintWriter out, String outcome, Payload payload, Instant at) {
        ObjectNode line = json.createObjectNode();
        line.put("at", at.toString());
        body(line, outcome, payload, at);
        out.println(line.toString());
    }

    /** Ticks the engine step by step up to {@code until}, as the hub would have while nothing arrived. */
    private void advance(AlertEngine engine, ManualClock clock, Instant until, PrintWriter out) {
        while (clock.instant().plus(tick).compareTo(until) <= 0) {
            clock.set(clock.instant().plus(tick));
            print(engine.tick(), clock.instant(), out);
        }
    }

    private void print(List<Outcome> outcomes, Instant at, PrintWriter out) {
        for (Outcome o : outcomes) {
            ObjectNode line = json.createObjectNode();
            line.put("at", at.toString());
            switch (o) {
                case Outcome.Raise r -> body(line, "raise", r.alarm(), at);
                case Outcome.Update u -> body(line, "update", u.update(), at);
                case Outcome.Notify n -> body(line, "notify", n.event(), at);
                case Outcome.Prompt p -> {
                    if (noPrompts) {
                        continue;
                    }
                    line.put("outcome", "prompt");
                    ObjectNode b = line.putObject("body");
                    b.put("key", p.key());
                    b.put("text", p.text());
                    b.put("cancellable", p.cancellable());
                }
            }
            out.println(line.toString());
        }
    }

    /** The body exactly as the hub would publish it: encoded by the wire codec, then lifted out of its envelope. */
    private void body(ObjectNode line, String outcome, Payload payload, Instant at) {
        line.put("outcome", outcome);
        long n = ++seq;
        Message m = new Message(Message.SCHEMA_VERSION, MessageId.of("replay-" + n), HubId.of("replay"), n, at, payload);
        try {
            JsonNode wire = json.readTree(codec.encode(m));
            line.set("body", wire.get("body"));
        } catch (IOException e) {
            throw new IllegalStateException("the codec wrote JSON it cannot read back", e);
        }
    }


    /** Durations as people write them on a command line: 1s, 10m, 2h, or ISO PT1S. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 1s, 10m or 2h");
            }
        }
    }
}
