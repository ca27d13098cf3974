package org.hearthgate.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeechAnnunciatorTest {
    @TempDir
    Path dir;

    @Test
    void speaksTheAnnouncementWithEspeak() throws Exception {
        assertThat(Path.of("/usr/bin/espeak-ng")).as("espeak-ng (./hearthgate test installs it)").exists();
        Path wav = dir.resolve("said.wav");
        List<String> command = new ArrayList<>(SpeechAnnunciator.ESPEAK);
        command.addAll(List.of("-w", wav.toString())); // to a file instead of the speaker
        try (SpeechAnnunciator voice = new SpeechAnnunciator(command)) {
            voice.announce(Announcement.CALL_RECEIVED);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(wav) && Files.size(wav) > 10_000);
        }
        byte[] header = Files.readAllBytes(wav);
        assertThat(new String(header, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    }
}
