package org.hearthgate.sim.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.drivers.ble.CharacteristicParser;
import org.hearthgate.drivers.ble.Decoded;
import org.hearthgate.drivers.ble.FrameException;
import org.hearthgate.drivers.ble.GattParsers;
import org.hearthgate.drivers.ble.GattUuids;
import org.hearthgate.drivers.ble.WeightScaleFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hearthgate decode <characteristic> <hex>}: decodes one Bluetooth characteristic value, exactly as the hub
 * would, and prints each observation as one line of wire-format JSON. Notes (values left out, progress frames,
 * glucose context) go to stderr so that stdout stays machine-readable. Exit 0 decoded, 2 bad input.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode a Bluetooth health characteristic value into observations (wire-format JSON).",
            "Characteristics: 2A18 glucose, 2A19 battery, 2A1C thermometer, 2A34 glucose context, 2A35 blood "
                + "pressure, 2A36 intermediate cuff pressure, 2A37 heart rate, 2A5E PLX spot-check, "
                + "2A5F PLX continuous, 2A9D weight."},
        footer = {"", "Example: hearthgate decode 2A35 1E 7800 5000 5D00 EA070B16081E0F 4800 03 0100"})
public final class DecodeCommand implements Callable<Integer> {
    static final int BAD_INPUT = 2;

    @Parameters(index = "0", paramLabel = "CHARACTERISTIC", description = "16-bit UUID: 2A35, 0x2A35 or 2a35")
    String characteristic;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "HEX",
            description = "the value in hex; spaces and several arguments are joined")
    List<String> hex;

    @Option(names = "--device", defaultValue = "decoded", description = "device id to put in the observations")
    String device;

    @Option(names = "--zone", description = "zone of the device clock (default: this machine's)")
    String zone;

    @Option(names = "--weight-feature", paramLabel = "HEX",
            description = "Weight Scale Feature (2A9E) value, for the scale's resolution")
    String weightFeature;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Clock baseClock;

    public DecodeCommand() {
        this(Clock.systemDefaultZone());
    }

    DecodeCommand(Clock clock) {
        this.baseClock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            int uuid = GattUuids.parse(characteristic);
            Clock clock = zone == null ? baseClock : baseClock.withZone(ZoneId.of(zone));
            WeightScaleFeature feature = weightFeature == null ? WeightScaleFeature.DEFAULT
                    : WeightScaleFeature.parse(bytes(List.of(weightFeature)));
            Optional<CharacteristicParser> parser = GattParsers.create(clock, feature).forCharacteristic(uuid);
            if (parser.isEmpty()) {
                err.println("decode: " + GattUuids.name(uuid) + " is not a characteristic Hearthgate decodes");
                return BAD_INPUT;
            }
            Decoded decoded = parser.get().parse(DeviceId.of(device), bytes(hex));
            print(decoded, out, err);
            out.flush();
            return 0;
        } catch (FrameException e) {
            err.println("decode: " + e.getMessage());
        } catch (IllegalArgumentException | DateTimeException e) {
            err.println("decode: " + e.getMessage());
        }
        return BAD_INPUT;
    }

    private static void print(Decoded decoded, PrintWriter out, PrintWriter err) {
        WireCodec codec = new WireCodec();
        switch (decoded) {
            case Decoded.Readings r -> {
                for (Observation o : r.observations()) {
                    out.println(codec.encodeObservation(o));
                }
                if (r.contextFollows()) {
                    err.println("note: a Glucose Measurement Context (2A34) follows; the hub adds its meal");
                }
            }
            case Decoded.CuffProgress p -> err.println("note: intermediate cuff pressure " + p.cuffPressure()
                    + (p.quality().isEmpty() ? "" : " " + p.quality()) + " (progress only, not an observation)");
            case Decoded.GlucoseContext c -> err.println("note: context for glucose record " + c.sequence()
                    + ", meal " + c.meal().orElse("not given") + " (joined to that record on the hub)");
        }
        for (String note : decoded.notes()) {
            err.println("note: " + note);
        }
    }

    /** Joins the arguments, drops whitespace, and reads pairs of hex digits. */
    static byte[] bytes(List<String> parts) {
        String joined = String.join("", parts).replaceAll("\\s+", "");
        if (joined.startsWith("0x") || joined.startsWith("0X")) {
            joined = joined.substring(2);
        }
        if (joined.isEmpty()) {
            throw new IllegalArgumentException("no hex bytes given");
        }
        if (joined.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits (" + joined.length() + ")");
        }
        try {
            return HexFormat.of().parseHex(joined);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: " + e.getMessage());
        }
    }
}
