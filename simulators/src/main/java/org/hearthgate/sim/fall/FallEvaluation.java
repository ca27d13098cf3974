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
import java.util.TreeMap;
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
    public record Runs(List<TrialCandidates> native200, List<TrialCandidates> downsampled, double downsampledHz,
            Map<String, double[]> uprights) {
    }

    /**
     * The warm-up recording of each subject: their first "walking slowly" trial (D01, 100 s). SisFall's trials are
     * separate recordings, whereas a worn device streams all day and has seen its wearer walk before they go to bed
     * or sit down; the warm-up gives every trial's detector the upright axis it would have learned by then. Only the
     * unlabelled signal of the warm-up is used (the learner decides by itself which seconds are walking).
     */
    public static final String WARM_UP_ACTIVITY = "D01";

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
        return run(trials, p, factor, threads, true);
    }

    /**
     * As {@link #run(List, FallParameters, int, int)}; with {@code warmUp} every trial's detector starts from the
     * upright axis learned on its subject's {@link #WARM_UP_ACTIVITY} recording at the same rate, else from the
     * configured axis.
     */
    public static Runs run(List<SisFallTrial> trials, FallParameters p, int factor, int threads, boolean warmUp)
            throws IOException {
        Map<String, double[]> uprights = new TreeMap<>();
        if (warmUp && p.uprightLearnS() > 0) {
            Map<String, SisFallTrial> first = new TreeMap<>();
            for (SisFallTrial t : trials) {
                if (t.activity().equals(WARM_UP_ACTIVITY)) {
                    first.merge(t.subject(), t, (a, b) -> a.file().toString().compareTo(b.file().toString()) <= 0 ? a : b);
                }
            }
            for (Map.Entry<String, SisFallTrial> e : first.entrySet()) {
                double[][] s = SisFallReader.read(e.getValue().file());
                double[] hi = learnUpright(s, SisFallReader.RATE_HZ, p);
                double[] lo = learnUpright(SisFallReader.decimate(s, factor), SisFallReader.RATE_HZ / factor, p);
                uprights.put(e.getKey(), new double[] {hi[0], hi[1], hi[2], lo[0], lo[1], lo[2]});
            }
        }
        // Longest files first, so the two cores finish together.
        List<SisFallTrial> bySize = new ArrayList<>(trials);
        bySize.sort(Comparator.comparingLong((SisFallTrial t) -> size(t.file())).reversed());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<TrialCandidates[]>> futures = new ArrayList<>();
            for (SisFallTrial t : bySize) {
                double[] u = uprights.get(t.subject());
                FallParameters hi = u == null ? p : p.withUpright(u[0], u[1], u[2]);
                FallParameters lo = u == null ? p : p.withUpright(u[3], u[4], u[5]);
                futures.add(pool.submit(() -> runOne(t, hi, lo, factor)));
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
            return new Runs(a, b, SisFallReader.RATE_HZ / factor, uprights);
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

    static TrialCandidates[] runOne(SisFallTrial t, FallParameters hi, FallParameters lo, int factor)
            throws IOException {
        double[][] s = SisFallReader.read(t.file());
        TrialCandidates full = candidates(t, s, SisFallReader.RATE_HZ, hi);
        TrialCandidates down = candidates(t, SisFallReader.decimate(s, factor), SisFallReader.RATE_HZ / factor, lo);
        return new TrialCandidates[] {full, down};
    }

    /** The upright axis a detector learns from one recording. */
    public static double[] learnUpright(double[][] s, double rateHz, FallParameters p) {
        FallDetector d = new FallDetector(rateHz, p);
        double[] x = s[0];
        double[] y = s[1];
        double[] z = s[2];
        for (int i = 0; i < x.length; i++) {
            d.accept(x[i], y[i], z[i]);
        }
        return d.learnedUpright();
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
