package org.hearthgate.hub.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.alerts.plan.CarePlanException;
import org.hearthgate.contract.wire.ConfigUpdate;

/**
 * The care plan the cloud pushed, kept on the hub's disk with the digest of the installed plan it replaced (its
 * "base"), so a restart runs it again, unless the installed plan was edited since. Written whole or not at all: a temp
 * file, fsync, an atomic rename, fsync of the folder; a power cut leaves the old file or the new one, never half.
 *
 * <p>The file is JSON: {@code {"format":1,"digest":…,"base":…,"savedAt":…,"yaml":…}}; the digest is checked on reading,
 * so a damaged file is never run as a plan.
 */
public final class RemotePlanFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path file;

    public RemotePlanFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path path() {
        return file;
    }

    /** What the file holds. */
    public sealed interface Stored {
        /** No plan from the cloud is kept. */
        record None() implements Stored {
        }

        /** A plan that parses, whose text matches its digest. */
        record Plan(String yaml, String digest, String base, CarePlan plan) implements Stored {
        }

        /** A file that cannot be run; {@code reason} names what is wrong, never the plan's content. */
        record Unusable(String reason) implements Stored {
        }
    }

    public Stored load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Stored.None();
        } catch (IOException e) {
            return new Stored.Unusable("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            return new Stored.Unusable("is not valid JSON");
        }
        if (n == null || !n.isObject() || n.path("format").asInt() != FORMAT || !n.path("yaml").isTextual()
                || !n.path("digest").isTextual() || !n.path("base").isTextual()) {
            return new Stored.Unusable("is not a care-plan file of format " + FORMAT);
        }
        String yaml = n.get("yaml").asText();
        String digest = n.get("digest").asText();
        if (!ConfigUpdate.carePlanDigest(yaml).equals(digest)) {
            return new Stored.Unusable("its text does not match its digest");
        }
        try {
            return new Stored.Plan(yaml, digest, n.get("base").asText(), CarePlan.parse(yaml));
        } catch (CarePlanException e) {
            return new Stored.Unusable("does not validate (" + e.key() + ": " + e.reason() + ")");
        } catch (RuntimeException e) {
            return new Stored.Unusable("does not validate (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Keeps {@code yaml} durably, replacing what was kept; on failure the old file is still whole. */
    public void save(String yaml, String digest, String base, Instant at) throws IOException {
        ObjectNode n = JSON.createObjectNode().put("format", FORMAT).put("digest", digest).put("base", base)
                .put("savedAt", at.toString()).put("yaml", yaml);
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(JSON.writeValueAsBytes(n));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(dir);
    }

    /** Forgets the kept plan (the installed one runs again). */
    public void delete() throws IOException {
        Files.deleteIfExists(file);
        syncFolder(file.getParent());
    }

    /**
     * Moves the file out of the way (to {@code <file>.<suffix>}, replacing an older one), keeping it for whoever
     * wants to know what it was; returns where it went.
     */
    public Path moveAside(String suffix) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + "." + suffix);
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(file.getParent());
        return aside;
    }

    /** The rename itself is durable only once the folder is: Linux needs the folder fsynced. */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems (and other OSes) cannot open a folder for sync; the rename is still atomic there.
        }
    }
}
