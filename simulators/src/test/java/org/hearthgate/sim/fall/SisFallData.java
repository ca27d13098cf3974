package org.hearthgate.sim.fall;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the SisFall development data beside the repository, or where -Dhearthgate.falls.dir points. */
final class SisFallData {
    private SisFallData() {
    }

    static Path folder() {
        String override = System.getProperty("hearthgate.falls.dir");
        // Surefire runs in the module folder; the repository root is its parent, the data beside the repository.
        Path dir = override != null ? Path.of(override)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared/data/falls").normalize();
        if (!Files.isDirectory(dir)) {
            fail("SisFall data not found at " + dir + ": it belongs beside the repository (../shared/data/falls, as "
                    + "on CI), or point -Dhearthgate.falls.dir at a copy");
        }
        return dir;
    }
}
