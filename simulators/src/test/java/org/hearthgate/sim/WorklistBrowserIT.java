package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hearthgate.sim.ConsoleBrowserIT.CHROMEDRIVER;
import static org.hearthgate.sim.ConsoleBrowserIT.CHROMIUM;
import static org.hearthgate.sim.ConsoleBrowserIT.WAIT;
import static org.hearthgate.sim.ConsoleBrowserIT.js;
import static org.hearthgate.sim.ConsoleBrowserIT.requireInstalled;
import static org.hearthgate.sim.ConsoleBrowserIT.screenshot;
import static org.hearthgate.sim.ConsoleBrowserIT.signIn;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.Relay;
import org.hearthgate.relay.store.RelayStore;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.stack.Stack;
import org.hearthgate.sim.stack.TempDirs;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The clinician's worklist in headless Chromium on the demo service: Dr Okafor (Peggy's GP) sees Peggy's home blood
 * pressure alert with the fortnight of readings behind it, charted with the NICE stage lines, and not the urgent
 * pendant alarm, which is the responders'; she marks it reviewed with the keyboard, on a phone-sized window.
 */
class WorklistBrowserIT {
    private static final ResidentId PEGGY = ResidentId.of("res-demo");
    private static final HubId HUB = HubId.of("hub-demo");

    @Test
    void theClinicianSeesTheAdvisoryWithItsTrendAndMarksItReviewed() throws Exception {
        requireInstalled(CHROMEDRIVER, "chromium-driver");
        requireInstalled(CHROMIUM, "chromium");
        Files.createDirectories(ConsoleBrowserIT.OUT);
        try (Broker broker = MosquittoBroker.start(Broker.freePort());
                Stack stack = new Stack(broker.url(), Stack.tempDir(), Clock.systemUTC())) {
            Relay relay = stack.startRelay(0);
            Instant now = Instant.now();
            fortnightOfBloodPressure(relay.store(), now);
            String stage1 = "alarm-hbpm-1";
            raise(relay.store(), stage1, EventCode.VITAL_SIGN, Priority.LOW, "hbpm", "home BP average 141.6/88.3"
                    + " mmHg over 6 days (12 readings, day 1 discarded) ≥ 135/85: stage 1 hypertension range"
                    + " (NICE NG136)", now.minus(Duration.ofHours(2)));
            String pendant = "alarm-pendant-1";
            raise(relay.store(), pendant, EventCode.PERSONAL_TRIGGER, Priority.CRITICAL, "p", "pendant pressed",
                    now.minus(Duration.ofHours(3)));

            WebDriver browser = ConsoleBrowserIT.chromium();
            try {
                browser.manage().window().setSize(new Dimension(390, 844));
                WebDriverWait until = new WebDriverWait(browser, WAIT);
                until.ignoring(StaleElementReferenceException.class);
                browser.get("http://127.0.0.1:" + relay.consolePort() + "/");
                signIn(browser, "dr.okafor", "hearthgate-clinician");
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("queueView")));

                // WHEN she opens her worklist from the menu
                WebElement link = browser.findElement(By.cssSelector("#nav a[href='#worklist']"));
                assertThat(link.isDisplayed()).isTrue();
                link.click();
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("worklistView")));
                By item = By.cssSelector("#worklistItems li[data-alarm='" + stage1 + "']");
                until.withMessage("the blood pressure alert").until(d -> !d.findElements(item).isEmpty());

                // THEN Peggy's blood pressure alert is there, in words, with the rule's detail; the pendant is not
                assertThat(browser.findElements(By.cssSelector("#worklistItems li[data-alarm]"))).hasSize(1);
                WebElement li = browser.findElement(item);
                assertThat(li.findElement(By.tagName("h2")).getText())
                        .isEqualTo("Peggy Hughes: Home blood pressure: stage 1 range");
                assertThat(li.findElement(By.cssSelector("h2 a")).getDomAttribute("href")).isEqualTo("#resident/res-demo");
                assertThat(li.findElement(By.cssSelector(".detail")).getText()).contains("141.6/88.3", "NICE NG136");
                // AND the fortnight behind it, charted, with the stage lines dashed
                until.withMessage("the trend chart").until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#worklistItems li[data-alarm='" + stage1 + "'] figure[data-type='bloodPressure'] canvas")));
                assertThat(li.findElement(By.cssSelector("figure figcaption")).getText()).contains("Blood pressure",
                        "systolic ≥ 135", "diastolic ≥ 85");
                FamilyViewBrowserIT.assertFits(browser);
                ResponderConsoleBrowserIT.fullPage(browser, "worklist.png");

                // WHEN she submits without a note, THEN she is told what is missing, where she is
                WebElement note = li.findElement(By.tagName("textarea"));
                WebElement button = li.findElement(By.cssSelector("button[type='submit']"));
                button.sendKeys(Keys.ENTER);
                until.until(d -> !li.findElement(By.cssSelector(".error")).getText().isEmpty());
                assertThat(note.getDomAttribute("aria-invalid")).isEqualTo("true");
                assertThat(browser.switchTo().activeElement()).isEqualTo(note);
                assertThat(browser.findElement(By.cssSelector("label[for='" + note.getDomAttribute("id") + "']"))
                        .getText()).isEqualTo("Review note");

                // WHEN she writes her note and presses the button with the keyboard
                note.sendKeys("Amlodipine started last week; recheck readings in 2 weeks.");
                note.sendKeys(Keys.TAB);
                assertThat(browser.switchTo().activeElement()).isEqualTo(button);
                browser.switchTo().activeElement().sendKeys(Keys.SPACE);

                // THEN it leaves her worklist, the page says so, and the alarm is resolved as clinically reviewed
                until.withMessage("the item to go").until(d -> d.findElements(item).isEmpty());
                assertThat(browser.findElement(By.id("worklistStatus")).getText())
                        .isEqualTo("Marked reviewed: Peggy Hughes, Home blood pressure: stage 1 range.");
                assertThat(browser.findElement(By.id("worklistCount")).getText()).isEqualTo("Nothing to review.");
                assertThat(relay.store().alarm(AlarmId.of(stage1)).orElseThrow().state()).isEqualTo(AlarmState.RESOLVED);
                assertThat(relay.store().alarm(AlarmId.of(pendant)).orElseThrow().state().isOpen()).isTrue();
                assertThat(relay.audit().latest(50)).anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("worklist.review");
                    assertThat(e.login()).isEqualTo("dr.okafor");
                    assertThat(e.detail()).isEqualTo(stage1 + " CLINICALLY_REVIEWED");
                });
                assertThat(js(browser, "return document.activeElement.id")).isEqualTo("worklistHeading");
                screenshot(browser, "worklist-reviewed.png");
            } finally {
                browser.quit();
                await().atMost(WAIT).until(() -> TempDirs.delete(ConsoleBrowserIT.profile));
            }
        }
    }

    /** Twice a day for 14 days, as the hub sends them: a week around 128/80, then one around 142/88. */
    private static void fortnightOfBloodPressure(RelayStore store, Instant now) {
        List<RelayStore.Inbound> batch = new ArrayList<>();
        for (int i = 28; i >= 1; i--) {
            Instant at = now.minus(Duration.ofHours(12L * i));
            double sys = (i > 14 ? 128 : 142) + i % 3;
            double dia = (i > 14 ? 80 : 88) - i % 2;
            batch.add(new RelayStore.Inbound(Stack.TENANT, new Message(1, MessageId.random(), HUB, 1, at,
                    new Reading(PEGGY, new BloodPressure(DeviceId.of("cuff-1"), at, Quantity.of(sys, Ucum.MM_HG),
                            Quantity.of(dia, Ucum.MM_HG), null, null, null, Set.of()), at)), at));
        }
        store.ingest(batch);
    }

    private static void raise(RelayStore store, String id, EventCode code, Priority priority, String key,
            String summary, Instant at) {
        store.ingest(Stack.TENANT, new Message(1, MessageId.random(), HUB, 1, at, new AlarmRaised(AlarmId.of(id),
                PEGGY, code, priority, key, DeviceId.of("cuff-1"), summary, code == EventCode.PERSONAL_TRIGGER
                        ? new PendantPress(DeviceId.of("pendant-1"), at) : null)), at);
    }
}
