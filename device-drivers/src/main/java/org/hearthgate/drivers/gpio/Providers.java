package org.hearthgate.drivers.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.IOType;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the digital I/O provider a context offers. Real hardware providers win over the mock, so a test plugin that
 * leaks onto a hub's classpath can never silently replace the real pins.
 */
final class Providers {
    /** Most preferred first: the kernel character device (gpiod), then the legacy sysfs provider. */
    private static final List<String> PREFERRED_PREFIXES = List.of("gpiod-", "ffm-", "linuxfs-", "pigpio-");

    private Providers() {
    }

    static String digitalInput(Context pi4j) {
        return pick(pi4j, IOType.DIGITAL_INPUT);
    }

    static String digitalOutput(Context pi4j) {
        return pick(pi4j, IOType.DIGITAL_OUTPUT);
    }

    static String pick(Context pi4j, IOType type) {
        Set<String> ids;
        try {
            ids = pi4j.providers().all(type).keySet();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the Pi4J context has no " + type + " provider", e);
        }
        return choose(ids).orElseThrow(() -> new IllegalStateException("the Pi4J context has no " + type
                + " provider"));
    }

    /** The preferred provider id among {@code ids}: real hardware first, the mock only when it is all there is. */
    static Optional<String> choose(Collection<String> ids) {
        return ids.stream()
                .min(Comparator.comparingInt(Providers::rank).thenComparing(Comparator.naturalOrder()));
    }

    private static int rank(String id) {
        for (int i = 0; i < PREFERRED_PREFIXES.size(); i++) {
            if (id.startsWith(PREFERRED_PREFIXES.get(i))) {
                return i;
            }
        }
        return id.startsWith("mock-") ? Integer.MAX_VALUE : PREFERRED_PREFIXES.size();
    }
}
