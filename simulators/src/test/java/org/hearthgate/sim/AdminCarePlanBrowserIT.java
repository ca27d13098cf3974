package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hearthgate.sim.ConsoleBrowserIT.CHROMEDRIVER;
import static org.hearthgate.sim.ConsoleBrowserIT.CHROMIUM;
import static org.hearthgate.sim.ConsoleBrowserIT.WAIT;
import static org.hearthgate.sim.ConsoleBrowserIT.requireInstalled;
import static org.hearthgate.sim.ConsoleBrowserIT.screenshot;
import static org.hearthgate.sim.ConsoleBrowserIT.signIn;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.wire.ConfigUpdate;
import org.hearthgate.hub.Hub;
import org.hearthgate.relay.careplans.Push;
import org.hearthgate.sim.EndToEndAlarmIT.RecordingHub;
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
 * An admin assigns a hub to a new resident and pushes a care plan; the hub confirms it. The whole stack: the relay,
 * a real Mosquitto and a real hub, the console in headless Chromium. The admin adds Nora, gives her hub-sim, opens
 * her care plan, makes a mistake the hub's parser names (SpO2 below 10), corrects it (SpO2 below 90, high), saves
 * and pushes; the page says "Applied by hub-sim" once the hub runs it, and the hub's heartbeat names that plan.
 */
class AdminCarePlanBrowserIT {
    private static final String WRONG = "vitals:\n  limits:\n    - {id: spo2-low, below: 10, priority: high}\n";
    private static final String PLAN = "vitals:\n  limits:\n    - {id: spo2-low, below: 90, priority: high}\n";

    @Test
    void adminAssignsAHubToANewResidentAndPushesACarePlanTheHubConfirms() throws Exception {
        requireInstalled(CHROMEDRIVER, "chromium-driver");
        requireInstalled(CHROMIUM, "chromium");
        Files.createDirectories(ConsoleBrowserIT.OUT);
        Clock clock = Clock.systemUTC();
        HubId hubId = HubId.of("hub-sim");
        ResidentId nora = ResidentId.of("res-nora");
        try (Broker broker = MosquittoBroker.start(Broker.freePort());
                Stack stack = new Stack(broker.url(), Stack.tempDir(), clock)) {
            stack.startRelay(0);
            RecordingHub recorder = new RecordingHub();
            // The hub installed in Nora's home: it knows her pseudonymous id, and runs the standard plan until told
            Hub hub = stack.startHub(hubId, nora, List.of(), recorder, recorder);
            await().atMost(WAIT).until(stack.relay()::isConnected);
            await().atMost(WAIT).until(() -> stack.relay().carePlans().reported(Stack.TENANT, hubId)
                    .map(r -> r.digest().equals("defaults")).orElse(false));

            WebDriver browser = ConsoleBrowserIT.chromium();
            try {
                WebDriverWait until = new WebDriverWait(browser, WAIT);
                until.ignoring(StaleElementReferenceException.class);
                browser.get("http://127.0.0.1:" + stack.relay().consolePort() + "/");
                signIn(browser, "admin", "hearthgate-admin");
                until.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#nav a[href='#admin']")));
                browser.findElement(By.cssSelector("#nav a[href='#admin']")).click();
                until.until(d -> !d.findElements(By.cssSelector("#adminHubs tr[data-hub='hub-sim']")).isEmpty());

                // WHEN the admin adds Nora and gives her hub-sim
                browser.findElement(By.id("nrId")).sendKeys("res-nora");
                browser.findElement(By.id("nrGiven")).sendKeys("Nora");
                browser.findElement(By.id("nrFamily")).sendKeys("Bell");
                browser.findElement(By.id("nrTown")).sendKeys("Brookside", Keys.ENTER);
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("adminDone"), "Nora Bell added"));
                // The hub takes the resident's id (the server suggests residents as one types a name)
                until.until(d -> !d.findElements(By.cssSelector("#adminResidents li[data-resident='res-nora']"))
                        .isEmpty());
                WebElement assign = browser.findElement(By.id("assign-hub-sim"));
                assign.clear();
                assign.sendKeys("res-nora");
                browser.findElement(By.cssSelector("#adminHubs button[data-hub='hub-sim']")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("adminDone"),
                        "Hub hub-sim now belongs to Nora Bell"));

                // AND opens her care plan from the residents' list
                until.until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                        "#adminResidents a[href='#careplan/res-nora']"))).click();
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("carePlanYaml")));
                assertThat(browser.findElement(By.id("careplanHeading")).getText()).isEqualTo("Care plan: Nora Bell");
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("carePlanHub"),
                        "Hub hub-sim runs the standard plan"));
                assertThat(browser.findElement(By.cssSelector("label[for='carePlanYaml']")).getText())
                        .contains("care plan");
                assertThat(browser.findElement(By.id("carePlanState")).getText()).isEqualTo("Not sent to a hub yet.");

                // WHEN she types SpO2 below 10 and validates, THEN the hub's parser names the field, nothing is kept
                WebElement yaml = browser.findElement(By.id("carePlanYaml"));
                yaml.clear();
                yaml.sendKeys(WRONG);
                browser.findElement(By.id("carePlanValidate")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("carePlanError"),
                        "vitals.limits[0].below"));
                assertThat(browser.findElement(By.id("carePlanError")).getDomAttribute("role")).isEqualTo("alert");
                assertThat(yaml.getDomAttribute("aria-invalid")).isEqualTo("true");
                assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("carePlanYaml");
                screenshot(browser, "careplan-error.png");
                assertThat(stack.relay().carePlans().latest(Stack.TENANT, nora)).isEmpty();

                // WHEN she corrects it to below 90 (high), validates and saves
                yaml.clear();
                yaml.sendKeys(PLAN);
                browser.findElement(By.id("carePlanValidate")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("carePlanResult"), "Valid"));
                assertThat(browser.findElement(By.id("carePlanError")).getText()).isEmpty();
                browser.findElement(By.id("carePlanNote")).sendKeys("Lower SpO2 target agreed with her GP");
                browser.findElement(By.id("carePlanSave")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("carePlanResult"),
                        "Saved as version 1"));
                assertThat(stack.relay().carePlans().latest(Stack.TENANT, nora).orElseThrow().yaml()).isEqualTo(PLAN);
                assertThat(browser.findElement(By.id("carePlanBrief")).getText())
                        .contains("Oxygen level (SpO2) below 90 %");

                // AND pushes it to her hub
                browser.findElement(By.id("carePlanPush")).click();

                // THEN the page shows the hub applied it, without a reload, and the hub really runs it
                until.withMessage("the hub's confirmation").until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("carePlanState"), "Applied by hub-sim at"));
                String digest = ConfigUpdate.carePlanDigest(PLAN);
                assertThat(hub.carePlanInForce()).isEqualTo(digest);
                await().atMost(WAIT).until(() -> stack.relay().carePlans().reported(Stack.TENANT, hubId)
                        .map(r -> r.digest().equals(digest)).orElse(false));
                assertThat(stack.relay().carePlans().latestPush(Stack.TENANT, nora).orElseThrow().state())
                        .isEqualTo(Push.State.APPLIED);
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("carePlanHub"),
                        "Hub hub-sim runs version 1, the latest"));
                assertThat(stack.relay().audit().about(Stack.TENANT, nora, 50)).extracting(e -> e.action())
                        .contains("careplan.read", "careplan.save", "careplan.push");
                ResponderConsoleBrowserIT.fullPage(browser, "careplan-applied.png");

                // Her card has the plan in brief, and says the hub runs it
                ConsoleBrowserIT.js(browser, "location.hash = '#resident/res-nora'");
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("carePlanCard"),
                        "Oxygen level (SpO2) below 90 %"));
                assertThat(browser.findElement(By.id("carePlanCard")).getText()).contains("Version 1",
                        "Hub hub-sim runs version 1, the latest", "Edit the care plan");
                ResponderConsoleBrowserIT.fullPage(browser, "careplan-card.png");

                // At 390 x 844 the editor fits without scrolling sideways, larger text too
                browser.manage().window().setSize(new Dimension(390, 844));
                browser.findElement(By.id("carePlanEdit")).click();
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("carePlanYaml")));
                ResponderConsoleBrowserIT.assertFits(browser, "the care-plan editor");
                screenshot(browser, "careplan-phone.png");
                browser.findElement(By.id("largeToggle")).click();
                ResponderConsoleBrowserIT.assertFits(browser, "the care-plan editor in larger text");
                browser.findElement(By.id("largeToggle")).click();
            } finally {
                browser.quit();
                await().atMost(WAIT).until(() -> TempDirs.delete(ConsoleBrowserIT.profile));
            }
        }
    }
}
