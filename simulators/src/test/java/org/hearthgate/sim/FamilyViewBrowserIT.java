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
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.sim.stack.TempDirs;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The family view on a phone, in headless Chromium: Sam sees his mother Peggy (hub state, the readings she shares
 * with him, her alerts and how each ended) and nothing about anyone else, also when he edits the address to another
 * resident's card or asks the API himself.
 */
class FamilyViewBrowserIT {

    @Test
    void aFamilyMemberSeesTheirRelativeOnlyAlsoWhenEditingTheAddress() throws Exception {
        requireInstalled(CHROMEDRIVER, "chromium-driver");
        requireInstalled(CHROMIUM, "chromium");
        Files.createDirectories(ConsoleBrowserIT.OUT);
        try (ConsoleRig rig = new ConsoleRig()) {
            rig.vitals(ConsoleRig.PEGGY);
            rig.activity(ConsoleRig.PEGGY, "bedroom", 200);
            rig.activity(ConsoleRig.PEGGY, "kitchen", 20);
            String peggys = rig.raise(ConsoleRig.PEGGY, EventCode.PERSONAL_TRIGGER, 600);
            String bills = rig.raise(ConsoleRig.BILL, EventCode.FALL_DETECTED, 300);
            WebDriver browser = ConsoleBrowserIT.chromium();
            try {
                browser.manage().window().setSize(new Dimension(390, 844));
                WebDriverWait until = new WebDriverWait(browser, WAIT);
                until.ignoring(StaleElementReferenceException.class);
                browser.get(rig.url);
                signIn(browser, "sam", ConsoleRig.PASSWORD);

                // THEN his mother's page, in plain words: her hub, her alert and how it is going
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("familyView")));
                until.until(d -> d.findElements(By.cssSelector("#familyAlerts li[data-alarm]")).size() == 1);
                assertThat(browser.findElement(By.id("familyHeading")).getText()).isEqualTo("Peggy");
                assertThat(browser.findElement(By.id("hubWords")).getText()).isEqualTo("Hub online.");
                // AND the summary in plain words: where she was last active, and her blood pressure this week (her
                // week's readings average above the plan's NICE home target of 135/85)
                String summary = browser.findElement(By.cssSelector(".family-summary")).getText();
                assertThat(summary).matches("Last activity (\\d\\d:\\d\\d|.+ at \\d\\d:\\d\\d) in the kitchen\\. "
                        + "Blood pressure this week: above target\\. The care team can see the readings\\.");
                assertThat(browser.findElement(By.id("familyAlerts")).getText()).contains("Pendant pressed",
                        "The care team has been alerted");
                assertThat(browser.findElement(By.id("queueView")).isDisplayed()).isFalse();
                assertThat(browser.findElements(By.cssSelector("#nav a[href='#queue']")).get(0).isDisplayed())
                        .as("no queue for family").isFalse();
                // AND the readings his mother agreed to share with him (his circle entry: trends), charted
                until.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                        ".family-trends figure[data-type='bloodPressure'] canvas")));
                assertFits(browser);
                ResponderConsoleBrowserIT.fullPage(browser, "family-phone.png");

                // WHEN the care team resolves it, THEN his page says so without a reload
                js(browser, "window.hearthgateSamePage = true");
                rig.store.transition(org.hearthgate.contract.AlarmId.of(peggys),
                        org.hearthgate.contract.alarm.AlarmState.ACKNOWLEDGED, "responder", null, java.time.Instant.now());
                rig.console.publish("alarm.acknowledged", java.util.Map.of("alarm",
                        rig.store.alarm(org.hearthgate.contract.AlarmId.of(peggys)).orElseThrow()));
                until.until(d -> d.findElement(By.id("familyAlerts")).getText()
                        .contains("The care team is dealing with it"));
                assertThat(js(browser, "return window.hearthgateSamePage === true")).isEqualTo(true);

                // Nothing about Bill anywhere in the page
                assertThat(browser.getPageSource()).doesNotContain("William", "Hart", "Bolton", bills, "res-bill");

                // WHEN he edits the address to Bill's card, THEN he is refused and sees nothing of Bill
                browser.get("about:blank");
                browser.get(rig.url + "#resident/res-bill");
                signIn(browser, "sam", ConsoleRig.PASSWORD);
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("deniedView")));
                assertThat(browser.findElement(By.id("deniedHeading")).getText()).isEqualTo("You cannot see this page");
                assertThat(browser.findElement(By.id("card")).getText()).doesNotContain("William", "8765");
                assertThat(browser.getPageSource()).doesNotContain("William", "Hart", "Bolton", "8765");
                screenshot(browser, "family-refused.png");
                // AND asking the API himself gets a refusal, not data
                String token = signInOverApi(browser);
                assertThat(fetchStatus(browser, token, "/api/residents/res-bill")).isEqualTo("403");
                assertThat(fetchStatus(browser, token, "/api/alarms/" + bills)).isEqualTo("403");
                assertThat(fetchBody(browser, token, "/api/alarms?resident=res-bill")).isEqualTo("[]");
                assertThat(fetchStatus(browser, token, "/api/health")).isEqualTo("403");
                assertThat(fetchBody(browser, token, "/api/family")).doesNotContain("res-bill", "William");

                // AND his own mother's card address leads back to his view, not to the responders' card
                browser.get("about:blank");
                browser.get(rig.url + "#resident/res-peggy");
                signIn(browser, "sam", ConsoleRig.PASSWORD);
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("familyView")));
                assertThat(browser.getPageSource()).doesNotContain("4321", "Penicillin");
            } finally {
                browser.quit();
                await().atMost(WAIT).until(() -> TempDirs.delete(ConsoleBrowserIT.profile));
            }
        }
    }

    private static String signInOverApi(WebDriver browser) {
        return String.valueOf(js(browser, "return fetch('/api/login', {method: 'POST', headers: {'Content-Type': "
                + "'application/json'}, body: JSON.stringify({user: 'sam', password: '" + ConsoleRig.PASSWORD
                + "'})}).then(r => r.json()).then(s => s.token)"));
    }

    private static String fetchStatus(WebDriver browser, String token, String path) {
        return String.valueOf(js(browser, "return fetch('" + path + "', {headers: {'Authorization': 'Bearer " + token
                + "'}}).then(r => String(r.status))"));
    }

    private static String fetchBody(WebDriver browser, String token, String path) {
        return String.valueOf(js(browser, "return fetch('" + path + "', {headers: {'Authorization': 'Bearer " + token
                + "'}}).then(r => r.text())"));
    }

    static void assertFits(WebDriver browser) {
        assertThat((Boolean) js(browser, "return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no horizontal scrolling").isTrue();
    }
}
