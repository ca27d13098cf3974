package org.hearthgate.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hearthgate.drivers.fall.FallParameters;
import org.hearthgate.sim.fall.SyntheticSisFall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FallEvalCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void writeATinySisFallFolder() throws IOException {
        SyntheticSisFall.writeGz(dir.resolve("SA01/F01_SA01_R01.txt.gz"), SyntheticSisFall.fall());
        SyntheticSisFall.writeGz(dir.resolve("SA01/D19_SA01_R01.txt.gz"), SyntheticSisFall.jump());
        SyntheticSisFall.writeOriginal(dir.resolve("SE06/F01_SE06_R01.txt"), SyntheticSisFall.fall());
        SyntheticSisFall.writeGz(dir.resolve("SE01/D07_SE01_R01.txt.gz"), SyntheticSisFall.sitting());
        Files.writeString(dir.resolve("README.md"), "not a trial");
    }

    @Test
    void printsTheReportAndEndsWithTheThreeMachineReadableLines() {
        Result r = run("fall-eval", dir.toString());

        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("4 trials: 2 falls, 2 ADLs", "3 subjects: 1 young, 2 elderly", "== 200 Hz ==",
                "== 50 Hz (averaged from 200 Hz) ==", "confusion matrix", "young (SA)", "elderly (SE)",
                "false alarms/h");
        assertThat(r.out).containsPattern("(?m)^  D19 ADL +0/1 +0/0 +0/1 +0\\.0 %$");
        assertThat(r.out).containsPattern("(?m)^  F01 fall +1/1 +1/1 +2/2 +100\\.0 %$");
        List<String> lines = r.out.lines().toList();
        assertThat(lines.subList(lines.size() - 3, lines.size())).containsExactly("sensitivity: 1.0000",
                "specificity: 1.0000", "false-alarms-per-hour: 0.000");
    }

    @Test
    void crossValidatesByFoldsOfSubjects() {
        Result r = run("fall-eval", dir.toString(), "--cv", "2", "--threads", "1");

        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("2-fold subject-wise cross-validation", "fold 1  test subjects SA01,SE06",
                "fold 2  test subjects SE01", "mean of 2 folds", "pooled out-of-fold");
        List<String> lines = r.out.lines().toList();
        assertThat(lines.get(lines.size() - 3)).matches("sensitivity: [01]\\.\\d{4}");
        assertThat(lines.get(lines.size() - 2)).matches("specificity: [01]\\.\\d{4}");
        assertThat(lines.get(lines.size() - 1)).matches("false-alarms-per-hour: \\d+\\.\\d{3}");
    }

    @Test
    void tuneWritesAParameterFileTheDetectorCanLoad() throws IOException {
        Path out = dir.resolve("tuned.properties");

        Result r = run("fall-eval", dir.toString(), "--tune", "--params-out", out.toString());

        assertThat(r.code).as(r.err).isZero();
        FallParameters tuned;
        try (var in = Files.newInputStream(out)) {
            tuned = FallParameters.load(in);
        }
        assertThat(Files.readString(out)).contains("--tune", "Sucerquia");
        assertThat(r.out).contains("tuned on all 4 trials").endsWith("false-alarms-per-hour: 0.000\n");
        assertThat(tuned.triggerG()).isEqualTo(FallParameters.defaults().triggerG());
    }

    @Test
    void reportsAMissingFolderAsBadInput() {
        Result r = run("fall-eval", dir.resolve("nowhere").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("no such folder");
    }

    @Test
    void reportsAFolderWithoutTrialsAsBadInput() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result r = run("fall-eval", empty.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("no SisFall trials");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = HearthgateCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
