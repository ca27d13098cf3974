package org.hearthgate.sim.fall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SisFallReaderTest {

    @Test
    void readsTheOriginalPaddedNineColumnFormatInG() {
        byte[] text = "  17,-179, -99, -18,-504,-352,  76,-697,-279;\r\n-256,   0, 512,  1,  2,  3,  4,  5,  6;\r\n  \r\n"
                .getBytes(StandardCharsets.US_ASCII);

        double[][] s = SisFallReader.parse(text, "t");

        assertThat(s[0]).containsExactly(17 / 256.0, -1.0);
        assertThat(s[1]).containsExactly(-179 / 256.0, 0.0);
        assertThat(s[2]).containsExactly(-99 / 256.0, 2.0);
    }

    @Test
    void readsTheCompactFormatWithoutATrailingNewline() {
        double[][] s = SisFallReader.parse("-9,-257,-25,84,247,27;\n-3,-263,-23,99,258,35;"
                .getBytes(StandardCharsets.US_ASCII), "t");
        assertThat(s[0]).hasSize(2);
        assertThat(s[1][1]).isEqualTo(-263 / 256.0);
    }

    @Test
    void namesTheFileAndLineOfAMalformedSample() {
        byte[] text = "1,2,3,4,5,6;\n1,x,3;\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> SisFallReader.parse(text, "F01_SA01_R01.txt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("F01_SA01_R01.txt:2:");
        byte[] shortLine = "1,2;\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> SisFallReader.parse(shortLine, "f")).hasMessageContaining("f:1: fewer than 3");
    }

    @Test
    void readsGzippedAndPlainFilesAlike(@TempDir Path dir) throws IOException {
        double[][] signal = SyntheticSisFall.fall();
        SyntheticSisFall.writeGz(dir.resolve("a.txt.gz"), signal);
        SyntheticSisFall.writeOriginal(dir.resolve("b.txt"), signal);

        double[][] a = SisFallReader.read(dir.resolve("a.txt.gz"));
        double[][] b = SisFallReader.read(dir.resolve("b.txt"));

        assertThat(a[2]).hasSize(signal[2].length).containsExactly(b[2]);
        assertThat(a[2][0]).isCloseTo(signal[2][0], within(1 / 256.0));
    }

    @Test
    void decimatesByAveragingWholeBlocks() {
        double[][] s = {{1, 3, 5, 7, 100}, {0, 0, 4, 4, 100}, {-1, -1, -1, -1, 100}};
        double[][] d = SisFallReader.decimate(s, 2);
        assertThat(d[0]).containsExactly(2, 6);
        assertThat(d[1]).containsExactly(0, 4);
        assertThat(d[2]).containsExactly(-1, -1);
    }

    @Test
    void takesTheLabelFromTheFilePrefixAndTheSubjectFromTheFolder() {
        SisFallTrial t = SisFallTrial.of(Path.of("x", "SA15", "D17_SE15_R01.txt.gz"));
        assertThat(t.subject()).isEqualTo("SA15");
        assertThat(t.elderly()).isFalse();
        assertThat(t.fall()).isFalse();
        assertThat(t.activity()).isEqualTo("D17");
        assertThat(SisFallTrial.of(Path.of("x", "SE06", "F13_SE06_R02.txt")).fall()).isTrue();
        assertThat(SisFallTrial.of(Path.of("x", "SE06", "README.md"))).isNull();
        assertThat(SisFallTrial.of(Path.of("x", "other", "F13_SE06_R02.txt"))).isNull();
    }
}
