package org.hearthgate.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ExecutorSchedulerTest {

    @Test
    void runsTasksInOrderOnOneNamedThreadAndSurvivesAFailingTask() {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (ExecutorScheduler scheduler = new ExecutorScheduler("ble-test")) {
            scheduler.execute(() -> ran.add("1 " + Thread.currentThread().getName()));
            scheduler.execute(() -> {
                throw new IllegalStateException("boom");
            });
            scheduler.execute(() -> ran.add("2 " + Thread.currentThread().getName()));
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
        }
        assertThat(ran).containsExactly("1 ble-test", "2 ble-test");
    }

    @Test
    void aCancelledDelayedTaskNeverRuns() {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (ExecutorScheduler scheduler = new ExecutorScheduler("ble-test")) {
            Scheduler.Cancellable c = scheduler.schedule(() -> ran.add("cancelled"), Duration.ofMillis(200));
            c.cancel();
            scheduler.schedule(() -> ran.add("kept"), Duration.ofMillis(300));
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("kept"));
        }
        assertThat(ran).containsExactly("kept");
    }
}
