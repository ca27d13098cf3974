package org.hearthgate.sim.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temp directories for brokers, stacks and browsers that their owner deletes on close, so no run leaves
 * {@code hearthgate-*} folders behind. Only folders made here are ever deleted: a caller's own folder is never touched.
 */
public final class TempDirs {
    private static final Set<Path> MADE_HERE = ConcurrentHashMap.newKeySet();

    private TempDirs() {
    }

    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            MADE_HERE.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Folders made here and not deleted yet (a test's check that a run cleaned up after itself). */
    public static Set<Path> undeleted() {
        return Set.copyOf(MADE_HERE);
    }

    /** Deletes {@code dir} and everything in it, if {@link #create} made it; quietly, as a close must. */
    public static void deleteIfMadeHere(Path dir) {
        if (dir != null && MADE_HERE.contains(dir)) {
            delete(dir);
        }
    }

    /**
     * Deletes {@code dir} and everything in it, if {@link #create} made it; true once it is gone. A process still
     * writing into it (a browser that is exiting) can bring it back: call again until true.
     */
    public static boolean delete(Path dir) {
        if (dir == null || !MADE_HERE.contains(dir)) {
            return dir == null || Files.notExists(dir);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // already gone, or being deleted by another close
        }
        if (Files.notExists(dir)) {
            MADE_HERE.remove(dir);
            return true;
        }
        return false;
    }
}
