package org.hearthgate.sim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.hearthgate.drivers.fall.FallParameters;
import org.hearthgate.sim.fall.FallEvaluation;
import org.hearthgate.sim.fall.FallTuner;
import org.hearthgate.sim.fall.Metrics;
import org.hearthgate.sim.fall.SisFallReader;
import org.hearthgate.sim.fall.SisFallTrial;
import org.hearthgate.sim.fall.TrialCandidates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./hearthgate fall-eval <dir>}: measures the wearable fall detector on a SisFall-format folder, optionally
 * re-derives its parameters ({@code --tune}) and estimates how they hold on unseen people ({@code --cv 5}).
 * The last three lines are machine-readable: sensitivity, specificity and false alarms per hour of ADL recording.
 */
@Command(name = "fall-eval", mixinStandardHelpOptions = true,
        description = {"Evaluate the wearable fall detector on a SisFall-format folder (subject folders SA../SE.. "
                + "holding D../F.. trial files, gzipped or not).",
                "Prints per-activity detection rates, the confusion matrix, young and elderly subjects, false alarms "
                        + "per hour, the same at a lower sample rate, and last: sensitivity, specificity, "
                        + "false-alarms-per-hour over all trials at 200 Hz (pooled out-of-fold figures with --cv)."})
public final class FallEvalCommand implements Callable<Integer> {

    /** Where {@code --tune} writes by default: the parameter file shipped in the device-drivers jar. */
    static final String DEFAULT_PARAMS_OUT =
            "device-drivers/src/main/resources/org/hearthgate/drivers/fall/" + FallParameters.RESOURCE;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<dir>",
            description = "SisFall folder (default: system property hearthgate.falls.dir, else ../shared/data/falls)")
    Path dir;

    @Option(names = "--params", paramLabel = "<file>", description = "parameter file (default: the shipped one)")
    Path params;

    @Option(names = "--tune", description = "derive the rule thresholds from all trials in <dir> and write them")
    boolean tune;

    @Option(names = "--params-out", paramLabel = "<file>",
            description = "where --tune writes (default: " + DEFAULT_PARAMS_OUT + ")")
    Path paramsOut;

    @Option(names = "--cv", paramLabel = "<k>", description = "subject-wise k-fold cross-validation (k >= 2)")
    Integer folds;

    @Option(names = "--low-rate", paramLabel = "<Hz>", defaultValue = "50",
            description = "the second sample rate, by averaging 200 Hz blocks (must divide 200; default ${DEFAULT-VALUE})")
    int lowRate;

    @Option(names = "--spec-weight", paramLabel = "<w>", defaultValue = "2",
            description = "tuning score is sensitivity + w x specificity (default ${DEFAULT-VALUE})")
    double specWeight;

    @Option(names = "--objective", paramLabel = "<o>", defaultValue = "WORST_GROUP",
            description = "tuning objective: WORST_GROUP (the lowest score of " + FallTuner.GROUPS + " subject groups) "
                    + "or POOLED (all training trials together); default ${DEFAULT-VALUE}")
    FallTuner.Objective objective;

    @Option(names = "--no-warm-up", description = "start every trial's detector from the configured upright axis "
            + "instead of the one learned on the subject's D01 walking recording")
    boolean noWarmUp;

    @Option(names = "--threads", paramLabel = "<n>", description = "worker threads (default: all cores)")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path folder = dir != null ? dir : Path.of(System.getProperty("hearthgate.falls.dir", "../shared/data/falls"));
        if (!Files.isDirectory(folder)) {
            err.println("fall-eval: no such folder: " + folder.toAbsolutePath());
            return 2;
        }
        if (lowRate <= 0 || lowRate > 200 || 200 % lowRate != 0) {
            err.println("fall-eval: --low-rate must divide 200 Hz, was " + lowRate);
            return 2;
        }
        if (!(specWeight > 0)) {
            err.println("fall-eval: --spec-weight must be positive");
            return 2;
        }
        if (folds != null && folds < 2) {
            err.println("fall-eval: --cv needs at least 2 folds");
            return 2;
        }
        FallParameters base;
        try {
            base = params == null ? FallParameters.defaults() : load(params);
        } catch (IllegalArgumentException e) {
            err.println("fall-eval: bad parameter file " + params + ": " + e.getMessage());
            return 2;
        }
        List<SisFallTrial> trials = FallEvaluation.discover(folder);
        if (trials.isEmpty()) {
            err.println("fall-eval: no SisFall trials (SA../SE.. folders with D../F.. files) in " + folder);
            return 2;
        }
        int nThreads = threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        FallEvaluation.Runs runs;
        try {
            runs = FallEvaluation.run(trials, base, (int) (SisFallReader.RATE_HZ / lowRate), nThreads, !noWarmUp);
        } catch (IllegalArgumentException e) {
            err.println("fall-eval: " + e.getMessage());
            return 2;
        }
        double runSeconds = (System.nanoTime() - t0) / 1e9;

        header(out, folder, runs.native200());
        uprights(out, runs, base);
        FallParameters used = base;
        String source = params == null ? "shipped " + FallParameters.RESOURCE : params.toString();
        if (tune) {
            used = FallTuner.tune(List.of(runs.native200(), runs.downsampled()), base, specWeight, objective);
            Path target = paramsOut != null ? paramsOut : Path.of(DEFAULT_PARAMS_OUT);
            if (paramsOut == null && !Files.isDirectory(Path.of("device-drivers"))) {
                err.println("fall-eval: --tune writes " + DEFAULT_PARAMS_OUT + " relative to the repository root; "
                        + "run it there or give --params-out");
                return 2;
            }
            write(used, target, folder, trials.size(), objective);
            source = "tuned on all " + trials.size() + " trials, written to " + target;
        }
        out.printf(Locale.ROOT, "parameters: %s%n  rule: %s%n", source, rule(used));

        report(out, "200 Hz", runs.native200(), used);
        report(out, fmt(runs.downsampledHz(), 0) + " Hz (averaged from 200 Hz)", runs.downsampled(), used);

        Metrics last = Metrics.of(runs.native200(), used);
        if (folds != null) {
            last = crossValidate(out, runs, base, folds, specWeight, objective);
        }
        out.printf(Locale.ROOT, "%ntime: %.1f s to load and run %d trials twice on %d threads%n", runSeconds,
                trials.size(), nThreads);
        out.printf(Locale.ROOT, "sensitivity: %.4f%n", last.sensitivity());
        out.printf(Locale.ROOT, "specificity: %.4f%n", last.specificity());
        out.printf(Locale.ROOT, "false-alarms-per-hour: %.3f%n", last.falseAlarmsPerHour());
        out.flush();
        return 0;
    }

    private static FallParameters load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return FallParameters.load(in);
        }
    }

    private static void write(FallParameters p, Path target, Path folder, int n, FallTuner.Objective objective)
            throws IOException {
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            p.store(w, "Wearable fall detector parameters (org.hearthgate.drivers.fall.FallParameters).\n"
                    + "Derived " + LocalDate.now(ZoneOffset.UTC) + " by ./hearthgate fall-eval <dir> --tune from "
                    + n + " trials in " + folder.getFileName() + "\n"
                    + "(SisFall, Sucerquia et al., Sensors 2017, 17(1), 198), at 200 Hz and 50 Hz together,\n"
                    + "objective " + objective + ", each trial's upright learned on its subject's "
                    + FallEvaluation.WARM_UP_ACTIVITY + " walk.\n"
                    + "Method and figures: docs/fall-detection.md. Do not edit the rule by hand: re-run --tune.");
        }
    }

    private static void header(PrintWriter out, Path folder, List<TrialCandidates> runs) {
        Set<String> young = new TreeSet<>();
        Set<String> elderly = new TreeSet<>();
        int falls = 0;
        double adlH = 0;
        for (TrialCandidates t : runs) {
            (t.trial().elderly() ? elderly : young).add(t.trial().subject());
            if (t.trial().fall()) {
                falls++;
            } else {
                adlH += t.durationS() / 3600;
            }
        }
        out.printf(Locale.ROOT, "SisFall evaluation of %s%n", folder);
        out.printf(Locale.ROOT, "  %d trials: %d falls, %d ADLs (%.2f h of ADL recording); %d subjects: %d young, "
                + "%d elderly%n", runs.size(), falls, runs.size() - falls, adlH, young.size() + elderly.size(),
                young.size(), elderly.size());
    }

    private static void uprights(PrintWriter out, FallEvaluation.Runs runs, FallParameters p) {
        if (runs.uprights().isEmpty()) {
            out.println("  upright: the configured axis for every trial (no warm-up)");
            return;
        }
        StringBuilder s = new StringBuilder("  upright learned on each subject's " + FallEvaluation.WARM_UP_ACTIVITY
                + " walk, degrees from the configured axis at 200 Hz:");
        for (Map.Entry<String, double[]> e : runs.uprights().entrySet()) {
            double[] u = e.getValue();
            double cos = (u[0] * p.uprightX() + u[1] * p.uprightY() + u[2] * p.uprightZ())
                    / Math.sqrt(p.uprightX() * p.uprightX() + p.uprightY() * p.uprightY() + p.uprightZ() * p.uprightZ());
            s.append(String.format(Locale.ROOT, " %s %.0f", e.getKey(),
                    Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))))));
        }
        out.println(s);
    }

    private static void report(PrintWriter out, String title, List<TrialCandidates> runs, FallParameters p) {
        out.printf(Locale.ROOT, "%n== %s ==%n", title);
        Metrics all = Metrics.of(runs, p);
        out.println("confusion matrix (trials)   predicted FALL   predicted ADL");
        out.printf(Locale.ROOT, "  actual FALL               %14d   %13d%n", all.truePositives(), all.falseNegatives());
        out.printf(Locale.ROOT, "  actual ADL                %14d   %13d%n", all.falsePositives(), all.trueNegatives());
        line(out, "all subjects", all);
        line(out, "young (SA)", Metrics.of(filter(runs, t -> !t.elderly()), p));
        line(out, "elderly (SE)", Metrics.of(filter(runs, SisFallTrial::elderly), p));
        out.println("per activity: trials with an alarm / trials (young, elderly, all)");
        Map<String, List<TrialCandidates>> byCode = new TreeMap<>();
        for (TrialCandidates t : runs) {
            byCode.computeIfAbsent(t.trial().activity(), k -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<String, List<TrialCandidates>> e : byCode.entrySet()) {
            int[] young = alarmed(e.getValue(), p, false);
            int[] old = alarmed(e.getValue(), p, true);
            int hit = young[0] + old[0];
            int n = young[1] + old[1];
            out.printf(Locale.ROOT, "  %s %-5s %9s  %9s  %9s  %6.1f %%%n", e.getKey(),
                    e.getKey().startsWith("F") ? "fall" : "ADL", young[0] + "/" + young[1], old[0] + "/" + old[1],
                    hit + "/" + n, 100.0 * hit / n);
        }
    }

    private static int[] alarmed(List<TrialCandidates> runs, FallParameters p, boolean elderly) {
        int hit = 0;
        int n = 0;
        for (TrialCandidates t : runs) {
            if (t.trial().elderly() == elderly) {
                n++;
                if (t.alarms(p) > 0) {
                    hit++;
                }
            }
        }
        return new int[] {hit, n};
    }

    private static void line(PrintWriter out, String label, Metrics m) {
        out.printf(Locale.ROOT, "  %-13s sensitivity %s (%d/%d)  specificity %s (%d/%d)  false alarms/h %s "
                + "(%d in %.2f h)%n", label, fmt(m.sensitivity(), 4), m.truePositives(), m.falls(),
                fmt(m.specificity(), 4), m.trueNegatives(), m.adls(), fmt(m.falseAlarmsPerHour(), 3), m.adlAlarms(),
                m.adlHours());
    }

    /**
     * Subject-wise k-fold cross-validation: subjects are dealt round-robin into folds (young first, then elderly, so
     * every fold gets both); for each fold the rule is tuned on the other folds' trials and judged on this fold's.
     * Returns the pooled out-of-fold metrics at 200 Hz, each trial judged by a rule that never saw its subject.
     */
    private static Metrics crossValidate(PrintWriter out, FallEvaluation.Runs runs, FallParameters base, int k,
            double specWeight, FallTuner.Objective objective) {
        List<String> subjects = new ArrayList<>(new TreeSet<>(runs.native200().stream()
                .map(t -> t.trial().subject()).toList()));
        subjects.sort(FallTuner::youngFirst);
        Map<String, Integer> foldOf = new TreeMap<>();
        for (int i = 0; i < subjects.size(); i++) {
            foldOf.put(subjects.get(i), i % k);
        }
        out.printf(Locale.ROOT, "%n== %d-fold subject-wise cross-validation (tuned on the other folds' subjects) ==%n",
                k);
        Metrics pooled = Metrics.EMPTY;
        Metrics pooledLow = Metrics.EMPTY;
        Metrics[] byAge = {Metrics.EMPTY, Metrics.EMPTY, Metrics.EMPTY, Metrics.EMPTY}; // young, elderly x 200, low
        double[] sum = new double[6];
        int counted = 0;
        for (int f = 0; f < k; f++) {
            final int fold = f;
            Predicate<TrialCandidates> test = t -> foldOf.get(t.trial().subject()) == fold;
            List<TrialCandidates> testHi = runs.native200().stream().filter(test).toList();
            List<TrialCandidates> testLo = runs.downsampled().stream().filter(test).toList();
            if (testHi.isEmpty()) {
                continue;
            }
            List<TrialCandidates> trainHi = runs.native200().stream().filter(test.negate()).toList();
            List<TrialCandidates> trainLo = runs.downsampled().stream().filter(test.negate()).toList();
            FallParameters tuned = FallTuner.tune(List.of(trainHi, trainLo), base, specWeight, objective);
            Metrics hi = Metrics.of(testHi, tuned);
            Metrics lo = Metrics.of(testLo, tuned);
            pooled = pooled.plus(hi);
            pooledLow = pooledLow.plus(lo);
            byAge[0] = byAge[0].plus(Metrics.of(filter(testHi, t -> !t.elderly()), tuned));
            byAge[1] = byAge[1].plus(Metrics.of(filter(testHi, SisFallTrial::elderly), tuned));
            byAge[2] = byAge[2].plus(Metrics.of(filter(testLo, t -> !t.elderly()), tuned));
            byAge[3] = byAge[3].plus(Metrics.of(filter(testLo, SisFallTrial::elderly), tuned));
            Set<String> held = new TreeSet<>(testHi.stream().map(t -> t.trial().subject()).toList());
            out.printf(Locale.ROOT, "fold %d  test subjects %s%n  rule: %s%n", f + 1, String.join(",", held),
                    rule(tuned));
            cvLine(out, "200 Hz", hi);
            cvLine(out, fmt(runs.downsampledHz(), 0) + " Hz", lo);
            double[] v = {hi.sensitivity(), hi.specificity(), hi.falseAlarmsPerHour(), lo.sensitivity(),
                    lo.specificity(), lo.falseAlarmsPerHour()};
            for (int i = 0; i < 6; i++) {
                sum[i] += v[i];
            }
            counted++;
        }
        out.printf(Locale.ROOT, "mean of %d folds%n", counted);
        out.printf(Locale.ROOT, "  %-19s  sensitivity %.4f  specificity %.4f  false alarms/h %.3f%n", "200 Hz",
                sum[0] / counted, sum[1] / counted, sum[2] / counted);
        out.printf(Locale.ROOT, "  %-19s  sensitivity %.4f  specificity %.4f  false alarms/h %.3f%n",
                fmt(runs.downsampledHz(), 0) + " Hz", sum[3] / counted, sum[4] / counted, sum[5] / counted);
        out.println("pooled out-of-fold (every trial judged by a rule tuned without its subject)");
        String low = fmt(runs.downsampledHz(), 0) + " Hz";
        cvLine(out, "200 Hz", pooled);
        cvLine(out, low, pooledLow);
        out.println("pooled out-of-fold by age group");
        cvLine(out, "200 Hz young (SA)", byAge[0]);
        cvLine(out, "200 Hz elderly (SE)", byAge[1]);
        cvLine(out, low + " young (SA)", byAge[2]);
        cvLine(out, low + " elderly (SE)", byAge[3]);
        return pooled;
    }

    private static void cvLine(PrintWriter out, String label, Metrics m) {
        out.printf(Locale.ROOT, "  %-19s  sensitivity %s (%d/%d)  specificity %s (%d/%d)  false alarms/h %s%n", label,
                fmt(m.sensitivity(), 4), m.truePositives(), m.falls(), fmt(m.specificity(), 4), m.trueNegatives(),
                m.adls(), fmt(m.falseAlarmsPerHour(), 3));
    }

    private static List<TrialCandidates> filter(List<TrialCandidates> runs, Predicate<SisFallTrial> keep) {
        return runs.stream().filter(t -> keep.test(t.trial())).toList();
    }

    static String rule(FallParameters p) {
        return String.format(Locale.ROOT, "peak >= %.2f g, tilt before <= %.1f deg, orientation change >= %.1f deg, "
                + "tilt after >= %.1f deg, movement after <= %.3f g", p.minPeakG(), p.maxPreTiltDeg(),
                p.minOrientationChangeDeg(), p.minPostTiltDeg(), p.maxPostStdG());
    }

    private static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
