package org.hearthgate.sim.fall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.hearthgate.drivers.fall.FallCandidate;
import org.hearthgate.drivers.fall.FallDetector;
import org.hearthgate.drivers.fall.FallParameters;

/** Runs the streaming detector over a SisFall-format folder, at the native 200 Hz and downsampled. */
public final class FallEvaluation {

    /** The candidates of every trial at 200 Hz and at the downsampled rate, in the same trial order. */
    public record Runs(List<TrialCandidates> native200, List<TrialCandidates> downsampled, double downsampledHz) {
    }

    private FallEvaluation() {
    }

    /** Every SisFall trial under {@code dir} (subject folders SA.. / SE.. holding D../F.. files), sorted by path. */
    public static List<SisFallTrial> discover(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a folder: " + dir);
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.filter(Files::isRegularFile).map(SisFallTrial::of).filter(t -> t != null)
                    .sorted(Comparator.comparing(t -> t.file().toString())).toList();
        }
    }

    /**
     * Runs every trial at 200 Hz and at 200/{@code factor} Hz on {@code threads} threads. The candidate features do
     * not depend on the rule thresholds in {@code p}, only on its fixed part.
     */
    public static Runs run(List<SisFallTrial> trials, FallParameters p, int factor, int threads)
            throws IOException {
        // Longest files first, so the two cores finish together.
        List<SisFallTrial> bySize = new ArrayList<>(trials);
        bySize.sort(Comparator.comparingLong((SisFallTrial t) -> size(t.file())).reversed());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<TrialCandidates[]>> futures = new ArrayList<>();
            for (SisFallTrial t : bySize) {
                futures.add(pool.submit(() -> runOne(t, p, factor)));
            }
            Map<SisFallTrial, TrialCandidates[]> done = new HashMap<>();
            for (int i = 0; i < bySize.size(); i++) {
                done.put(bySize.get(i), futures.get(i).get());
            }
            List<TrialCandidates> a = new ArrayList<>();
            List<TrialCandidates> b = new ArrayList<>();
            for (SisFallTrial t : trials) {
                a.add(done.get(t)[0]);
                b.add(done.get(t)[1]);
            }
            return new Runs(a, b, SisFallReader.RATE_HZ / factor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    static TrialCandidates[] runOne(SisFallTrial t, FallParameters p, int factor) throws IOException {
        double[][] s = SisFallReader.read(t.file());
        TrialCandidates full = candidates(t, s, SisFallReader.RATE_HZ, p);
        TrialCandidates down = candidates(t, SisFallReader.decimate(s, factor), SisFallReader.RATE_HZ / factor, p);
        return new TrialCandidates[] {full, down};
    }

    /** Streams one recording through a fresh detector and keeps every candidate it evaluated. */
    public static TrialCandidates candidates(SisFallTrial t, double[][] s, double rateHz, FallParameters p) {
        List<FallCandidate> found = new ArrayList<>();
        FallDetector d = new FallDetector(rateHz, p, found::add);
        double[] x = s[0];
        double[] y = s[1];
        double[] z = s[2];
        for (int i = 0; i < x.length; i++) {
            d.accept(x[i], y[i], z[i]);
        }
        d.finish();
        return new TrialCandidates(t, x.length / rateHz, found);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
