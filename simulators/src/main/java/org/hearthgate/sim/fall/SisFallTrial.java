package org.hearthgate.sim.fall;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SisFall trial file. The label comes from the file name's prefix (F = fall, D = activity of daily living) and the
 * subject from the folder, never the file name (the original archive misnames some files, e.g. SA15's D17 trials).
 */
public record SisFallTrial(Path file, String subject, String activity, boolean fall) {

    private static final Pattern NAME = Pattern.compile("^([DF]\\d{2})_[^_]+_R\\d+\\.txt(\\.gz)?$");
    private static final Pattern SUBJECT = Pattern.compile("^S[AE]\\d+$");

    /** Young adults' folders are SA.., elderly subjects' SE... */
    public boolean elderly() {
        return subject.startsWith("SE");
    }

    /** The trial in {@code file}, or null if the name is not a SisFall trial name inside a subject folder. */
    public static SisFallTrial of(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        Path parent = file.getParent();
        if (!m.matches() || parent == null || !SUBJECT.matcher(parent.getFileName().toString()).matches()) {
            return null;
        }
        String code = m.group(1);
        return new SisFallTrial(file, parent.getFileName().toString(), code, code.charAt(0) == 'F');
    }
}
