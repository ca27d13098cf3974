package org.hearthgate.hub.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.hearthgate.contract.MessageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteOutboxTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    private static OutboxEntry.Draft draft(String id, int rank, Instant at) {
        return new OutboxEntry.Draft(MessageId.of(id), rank, "t/" + id, at,
                seq -> (id + "#" + seq).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theOutboxIsForItsOwnerOnly() throws Exception {
        Path file = dir.resolve("var").resolve("hearthgate").resolve("outbox.db");
        try (SqliteOutbox box = new SqliteOutbox(file, 1_000)) {
            box.append(draft("alarm", OutboxEntry.ALARM, T0));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.resolveSibling(
                    "outbox.db-wal")))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent().getParent())))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void alarmsOvertakeTelemetryBacklog() {
        try (SqliteOutbox box = new SqliteOutbox(dir.resolve("o.db"), 10_000)) {
            for (int i = 0; i < 500; i++) {
                box.append(draft("r" + i, OutboxEntry.TELEMETRY, T0.plusMillis(i)));
            }
            box.append(draft("event", OutboxEntry.EVENT, T0.plusSeconds(10)));
            box.append(draft("alarm", OutboxEntry.ALARM, T0.plusSeconds(20)));
            List<OutboxEntry> due = box.due(T0.plusSeconds(30), 3);
            assertThat(due).extracting(e -> e.id().value()).containsExactly("alarm", "event", "r0");
        }
    }

    @Test
    void sequenceNumbersAreMonotonicAcrossRestartsAndEmbeddedInThePayload() {
        Path file = dir.resolve("o.db");
        try (SqliteOutbox box = new SqliteOutbox(file, 1000)) {
            box.append(draft("a", OutboxEntry.TELEMETRY, T0));
            box.append(draft("b", OutboxEntry.TELEMETRY, T0));
        }
        try (SqliteOutbox box = new SqliteOutbox(file, 1000)) {
            box.append(draft("c", OutboxEntry.TELEMETRY, T0));
            assertThat(box.due(T0, 10)).extracting(OutboxEntry::seq).containsExactly(1L, 2L, 3L);
            assertThat(new String(box.due(T0, 10).get(2).payload(), StandardCharsets.UTF_8)).isEqualTo("c#3");
            assertThat(box.nextSeq()).isEqualTo(4L);
        }
    }

    @Test
    void aMessageStaysUntilItsReceiptAndSurvivesARestart() {
        Path file = dir.resolve("o.db");
        try (SqliteOutbox box = new SqliteOutbox(file, 1000)) {
            box.append(draft("alarm", OutboxEntry.ALARM, T0));
            box.attempted(MessageId.of("alarm"), T0.plusSeconds(3));
            assertThat(box.due(T0.plusSeconds(1), 10)).isEmpty();
            assertThat(box.due(T0.plusSeconds(3), 10)).singleElement()
                    .satisfies(e -> assertThat(e.attempts()).isEqualTo(1));
        }
        try (SqliteOutbox box = new SqliteOutbox(file, 1000)) {
            assertThat(box.depth()).isEqualTo(1);
            box.retryAllAt(T0);
            assertThat(box.due(T0, 10)).hasSize(1);
            assertThat(box.confirm(List.of(MessageId.of("alarm")))).isEqualTo(1);
            assertThat(box.confirm(List.of(MessageId.of("alarm")))).as("a duplicate receipt is harmless").isZero();
            assertThat(box.depth()).isZero();
        }
    }

    @Test
    void whenFullTheOldestTelemetryIsEvictedButAlarmsNeverAre() {
        try (SqliteOutbox box = new SqliteOutbox(dir.resolve("o.db"), 100)) {
            for (int i = 0; i < 100; i++) {
                box.append(draft("alarm" + i, OutboxEntry.ALARM, T0.plusMillis(i)));
            }
            assertThat(box.append(draft("reading", OutboxEntry.TELEMETRY, T0.plusSeconds(1))))
                    .as("telemetry finds no room among alarms").isFalse();
            assertThat(box.append(draft("alarm-more", OutboxEntry.ALARM, T0.plusSeconds(2))))
                    .as("an alarm is always stored").isTrue();
            assertThat(box.depth()).isEqualTo(101);
            assertThat(box.evicted()).isEqualTo(1);
        }
        try (SqliteOutbox box = new SqliteOutbox(dir.resolve("p.db"), 100)) {
            for (int i = 0; i < 100; i++) {
                box.append(draft("r" + i, OutboxEntry.TELEMETRY, T0.plusMillis(i)));
            }
            box.append(draft("alarm", OutboxEntry.ALARM, T0.plusSeconds(1)));
            assertThat(box.depth()).isEqualTo(100);
            assertThat(box.evicted()).isEqualTo(1);
            assertThat(box.due(T0.plusSeconds(5), 200)).extracting(e -> e.id().value())
                    .contains("alarm").doesNotContain("r0").contains("r1");
        }
    }
}
