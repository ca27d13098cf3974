package org.hearthgate.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.hearthgate.sim.broker.MosquittoBroker;

/** The machine a benchmark ran on, printed with every figure: a number means nothing without it. */
record Machine(int cores, String cpu, String jdk, String os, String mosquitto) {

    static Machine here() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                firstLine(Path.of("/proc/cpuinfo"), "model name", ':').orElse(System.getProperty("os.arch")),
                "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")",
                firstLine(Path.of("/etc/os-release"), "PRETTY_NAME", '=').map(s -> s.replace("\"", "")).orElse("?")
                        + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                mosquittoVersion());
    }

    String describe() {
        return cores + " cores (" + cpu + "), " + jdk + ", " + os + ", " + mosquitto;
    }

    private static Optional<String> firstLine(Path file, String key, char separator) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(separator) + 1).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String mosquittoVersion() {
        try {
            Process p = new ProcessBuilder(MosquittoBroker.BINARY.toString(), "-h").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("mosquitto ?");
            p.waitFor();
            return first.trim();
        } catch (IOException e) {
            return "mosquitto not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "mosquitto ?";
        }
    }
}
