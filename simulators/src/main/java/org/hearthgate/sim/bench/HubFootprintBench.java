package org.hearthgate.sim.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.fleet.Fleet;

/**
 * {@code ./hearthgate bench hub}: the hub's footprint on a Pi-sized budget. The hub runs as its own process with
 * {@code -Xmx64m} ({@link FootprintHub}: {@code HubMain.build} from a hub.yaml), connected to Mosquitto and a relay,
 * with {@code devices} devices: CoAP sensors (motion, room temperature, door, bed) played by a real Californium server
 * the bench starts, notifying every few seconds, and door contacts on Pi4J's mock GPIO. Every
 * {@code sample} the bench reads /proc/PID/status (VmRSS, Threads) and /proc/PID/stat (utime + stime); at the end
 * {@code jcmd GC.heap_info} (heap used) and {@code jcmd VM.native_memory summary} (where the resident memory goes).
 */
public final class HubFootprintBench {

    /**
     * The JVM options of the shipped systemd unit (docs/deploy/hearthgate-hub.service; a test keeps the two equal), so
     * the bench measures the hub as it runs on a Pi.
     */
    public static final List<String> SHIPPED_JVM_OPTIONS = List.of("-Xms16m", "-Xmx64m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=24m",
            "-XX:MaxMetaspaceSize=48m", "-Xss256k");

    /** @param jvmOptions more options for the hub's JVM, after the shipped ones (a later option wins) */
    public record Params(int devices, Duration duration, Duration sample, List<String> jvmOptions) {
        public static final Params DEFAULTS = new Params(50, Duration.ofMinutes(3), Duration.ofSeconds(5), List.of());

        public Params {
            if (devices < 2 || duration.isNegative() || duration.isZero() || sample.isNegative() || sample.isZero()) {
                throw new IllegalArgumentException("devices >= 2, duration and sample positive");
            }
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    private static final TenantId TENANT = TenantId.of("bench");
    private static final HubId HUB = HubId.of("footprint-hub");
    private static final long RSS_TARGET_MB = 128;
    private static final long CLOCK_TICKS = 100;
    private static final String[] COAP_KINDS = {"MOTION", "ROOM_TEMPERATURE", "DOOR", "BED"};

    private final Params params;
    private final PrintWriter out;

    public HubFootprintBench(Params params, PrintWriter out) {
        this.params = params;
        this.out = out;
    }

    public int run() throws Exception {
        int gpio = Math.min(RealHub.MAX_PENDANTS, params.devices() / 2);
        int coap = params.devices() - gpio;
        out.println("Hearthgate hub footprint benchmark");
        out.println("machine:    " + Machine.here().describe());
        out.printf(Locale.ROOT, "parameters: the hub as its own process, " + String.join(" ", SHIPPED_JVM_OPTIONS)
                + "%s, %d devices (%d CoAP sensors on a "
                + "real Californium server, notifying every 2-8 s; %d door contacts on Pi4J's mock GPIO, a door "
                + "opening or closing every %.1f s), for %d s, sampled every %d s (options: --devices --duration "
                + "--sample --jvm-option)%n",
                params.jvmOptions().isEmpty() ? "" : " " + String.join(" ", params.jvmOptions()), params.devices(),
                coap, gpio, 10.0 / Math.max(1, gpio), params.duration().toSeconds(),
                params.sample().toSeconds());
        out.println("            no Bluetooth devices: HubMain reaches BLE only through BlueZ, and the in-memory GATT "
                + "transport is test code of device-drivers");
        out.flush();
        Path dir = Rig.tempDir("hub");
        ScheduledExecutorService sensors = Executors.newScheduledThreadPool(1);
        CoapServer server = new CoapServer(Configuration.createStandardWithoutFile());
        try (MosquittoBroker broker = BenchBroker.start(dir.resolve("mosquitto"), 1_000_000);
                RelayProcess relay = RelayProcess.start(dir.resolve("relay"), broker.url(), TENANT, List.of(HUB));
                ConsoleClient console = relay.console(Duration.ofSeconds(60))) {
            CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(Configuration
                    .createStandardWithoutFile()).setInetSocketAddress(new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), 0)).build();
            server.addEndpoint(endpoint);
            List<Sensor> all = new ArrayList<>();
            Random random = new Random(11);
            for (int i = 0; i < coap; i++) {
                Sensor s = new Sensor("s" + i, COAP_KINDS[i % COAP_KINDS.length]);
                server.add(s);
                all.add(s);
                long every = 2_000 + random.nextInt(6_000);
                sensors.scheduleAtFixedRate(s::next, every, every, TimeUnit.MILLISECONDS);
            }
            server.start();
            int coapPort = endpoint.getAddress().getPort();
            Path config = Files.writeString(dir.resolve("hub.yaml"), """
                    tenant: %s
                    hub: %s
                    resident: res-footprint
                    broker: {url: "%s"}
                    outbox: {path: %s}
                    coap:
                    %s
                    """.formatted(TENANT, HUB, broker.url(), dir.resolve("outbox.db"), all.stream()
                    .map(s -> "  - {device: coap-" + s.getName() + ", kind: " + s.kind + ", uri: \"coap://127.0.0.1:"
                            + coapPort + "/" + s.getName() + "\"}").collect(Collectors.joining("\n"))));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(SHIPPED_JVM_OPTIONS);
            command.add("-XX:NativeMemoryTracking=summary");
            command.addAll(params.jvmOptions());
            command.addAll(List.of("-Dlogback.configurationFile=hearthgate-logback.xml", "-cp",
                    System.getProperty("java.class.path"), FootprintHub.class.getName(), "--config", config.toString(),
                    "--gpio", String.valueOf(gpio)));
            Process hub = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("hub.log").toFile()).start();
            try {
                Rig.awaitListed(HUB, console, Duration.ofSeconds(120));
                long storedAtStart = Rig.readings(console);
                List<Sample> samples = new ArrayList<>();
                long start = System.nanoTime();
                Sample first = Sample.of(hub.pid(), start);
                long end = start + params.duration().toNanos();
                for (long due = start + params.sample().toNanos(); due <= end; due += params.sample().toNanos()) {
                    Fleet.parkUntil(due);
                    if (!hub.isAlive()) {
                        break;
                    }
                    samples.add(Sample.of(hub.pid(), System.nanoTime()));
                }
                String heap = jcmd(hub.pid(), "GC.heap_info");
                String nmt = jcmd(hub.pid(), "VM.native_memory", "summary");
                long stored = Rig.readings(console) - storedAtStart;
                return report(first, samples, heap, nmt, stored, hub.isAlive(), dir.resolve("hub.log"));
            } finally {
                hub.destroy();
                if (!hub.waitFor(15, TimeUnit.SECONDS)) {
                    hub.destroyForcibly();
                }
            }
        } finally {
            sensors.shutdownNow();
            server.destroy();
            Rig.deleteTree(dir);
        }
    }

    /** One sample of the hub process: resident set, threads, CPU time so far. */
    record Sample(long nanos, long rssKb, int threads, long cpuTicks) {
        static Sample of(long pid, long nanos) throws IOException {
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the command name (which may hold spaces) in parentheses: utime is the 14th, stime 15th.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return new Sample(nanos, rss, threads, cpu);
        }
    }

    private int report(Sample first, List<Sample> samples, String heap, String nmt, long stored, boolean alive,
            Path log) throws IOException {
        if (samples.isEmpty()) {
            out.println("the hub exited before the first sample: " + tail(log));
            return 1;
        }
        Sample last = samples.getLast();
        long maxRssKb = samples.stream().mapToLong(Sample::rssKb).max().orElse(0);
        int maxThreads = samples.stream().mapToInt(Sample::threads).max().orElse(0);
        double seconds = (last.nanos() - first.nanos()) / 1e9;
        double cpuPercent = 100.0 * (last.cpuTicks() - first.cpuTicks()) / CLOCK_TICKS / seconds;
        double heapUsedMb = heapUsedMb(heap);
        out.println();
        out.println("  time s   RSS MB   threads   CPU % (since the last sample)");
        Sample previous = first;
        for (Sample s : samples) {
            double dt = (s.nanos() - previous.nanos()) / 1e9;
            out.printf(Locale.ROOT, "%8.0f %8.1f %9d %8.1f%n", (s.nanos() - first.nanos()) / 1e9, s.rssKb() / 1024.0,
                    s.threads(), 100.0 * (s.cpuTicks() - previous.cpuTicks()) / CLOCK_TICKS / dt);
            previous = s;
        }
        out.println();
        out.printf(Locale.ROOT, "readings stored by the relay during the run: %d (%.1f/s)%n", stored,
                stored / seconds);
        out.println("heap (jcmd GC.heap_info):");
        heap.lines().filter(l -> !l.isBlank() && !l.matches("\\d+:")).limit(6).forEach(l -> out.println("  " + l));
        out.println("where the resident memory goes (jcmd VM.native_memory summary, committed):");
        nmtCategories(nmt).forEach(l -> out.println("  " + l));
        out.printf(Locale.ROOT, "RSS target %d MB with the shipped options: %s (peak %.1f MB)%n", RSS_TARGET_MB,
                maxRssKb / 1024.0 <= RSS_TARGET_MB ? "met" : "NOT MET", maxRssKb / 1024.0);
        if (!alive) {
            out.println("the hub DIED during the run: " + tail(log));
        }
        out.println();
        out.printf(Locale.ROOT, "rss-mb: %.1f%n", last.rssKb() / 1024.0);
        out.printf(Locale.ROOT, "heap-mb: %.1f%n", heapUsedMb);
        out.printf(Locale.ROOT, "cpu-percent: %.1f%n", cpuPercent);
        out.println("threads: " + last.threads());
        out.flush();
        return alive ? 0 : 1;
    }

    /**
     * The heap in use, from {@code GC.heap_info}: the sum of its generations' "used NK" (G1 prints one line, Serial
     * one per generation); Metaspace and the per-space percentages are not heap.
     */
    static double heapUsedMb(String heapInfo) {
        Pattern used = Pattern.compile("used (\\d+)K");
        long kb = 0;
        boolean found = false;
        for (String line : heapInfo.lines().toList()) {
            String t = line.strip();
            if (t.startsWith("Metaspace") || t.startsWith("class space") || t.contains("% used")) {
                continue;
            }
            Matcher m = used.matcher(t);
            if (m.find()) {
                kb += Long.parseLong(m.group(1));
                found = true;
            }
        }
        return found ? kb / 1024.0 : Double.NaN;
    }

    /** NMT's categories with their committed size, largest first: "Java Heap 65 MB" etc. */
    static List<String> nmtCategories(String nmt) {
        Pattern p = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);
        Matcher m = p.matcher(nmt);
        record Cat(String name, long committedKb) {
        }
        List<Cat> cats = new ArrayList<>();
        while (m.find()) {
            cats.add(new Cat(m.group(1).trim(), Long.parseLong(m.group(3))));
        }
        Matcher total = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB").matcher(nmt);
        List<String> lines = new ArrayList<>();
        if (total.find()) {
            lines.add(String.format(Locale.ROOT, "%-28s %7.1f MB", "total committed (NMT)",
                    Long.parseLong(total.group(2)) / 1024.0));
        }
        cats.stream().sorted((a, b) -> Long.compare(b.committedKb(), a.committedKb())).limit(8)
                .forEach(c -> lines.add(String.format(Locale.ROOT, "%-28s %7.1f MB", c.name(),
                        c.committedKb() / 1024.0)));
        if (lines.isEmpty()) {
            lines.add("(no NMT summary: " + nmt.lines().findFirst().orElse("") + ")");
        }
        return lines;
    }

    private static String jcmd(long pid, String... command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> args = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid)));
        args.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /** One CoAP sensor: an observable resource whose value changes each period, as the hub's driver expects. */
    private static final class Sensor extends CoapResource {
        final String kind;
        private long seq;
        private final Random random = new Random();

        Sensor(String name, String kind) {
            super(name);
            this.kind = kind;
            setObservable(true);
            setObserveType(CoAP.Type.CON);
            getAttributes().setObservable();
        }

        synchronized void next() {
            seq++;
            changed();
        }

        private synchronized String body() {
            String value = switch (kind) {
                case "ROOM_TEMPERATURE" -> String.format(Locale.ROOT, "%.1f", 19 + random.nextDouble() * 3);
                default -> String.valueOf(seq % 2 == 0);
            };
            return "{\"seq\":" + seq + ",\"value\":" + value + "}";
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            Response response = new Response(CoAP.ResponseCode.CONTENT);
            response.setPayload(body());
            response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
            response.getOptions().setMaxAge(30);
            exchange.respond(response);
        }
    }
}
