package org.hearthgate.hub;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks announcements through a text-to-speech command ({@code espeak-ng} on a Pi with a speaker), so a resident who
 * cannot see an LED hears where their call stands. Speech runs on its own thread and never delays the hub; if
 * announcements pile up, the oldest unspoken ones give way to the newest (what matters is the current state).
 */
public final class SpeechAnnunciator implements Annunciator, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpeechAnnunciator.class);
    /** British English, a little slower than the default 175 words a minute: easier for older listeners. */
    public static final List<String> ESPEAK = List.of("espeak-ng", "-v", "en-gb", "-s", "140");

    private final List<String> command;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(3);
    private final Thread speaker;
    private volatile boolean running = true;

    /** {@code command} is run with the text appended as its last argument. */
    public SpeechAnnunciator(List<String> command) {
        this.command = List.copyOf(command);
        this.speaker = new Thread(this::speakLoop, "hub-speech");
        speaker.setDaemon(true);
        speaker.start();
    }

    @Override
    public void announce(Announcement announcement) {
        say(announcement.text());
    }

    @Override
    public void prompt(String text, boolean cancellable) {
        say(text);
    }

    private void say(String text) {
        while (!queue.offer(text)) {
            queue.poll();
        }
    }

    private void speakLoop() {
        while (running) {
            try {
                String text = queue.poll(1, TimeUnit.SECONDS);
                if (text != null) {
                    List<String> cmd = new ArrayList<>(command);
                    cmd.add(text);
                    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                LOG.warn("cannot speak ({}): {}", command.get(0), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        speaker.interrupt();
    }
}
