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
import java.util.List;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
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
 * The responder's console with a care directory behind it, in headless Chromium: names and towns in the live queue,
 * timers against the 60-second target, claiming, the resident card with the key safety information, acknowledging
 * (the hub is told), resolving with an outcome, the health overview, 500 open alarms, and a phone-sized screen.
 */
class ResponderConsoleBrowserIT {

    @Test
    void aResponderTakesAPendantAlarmFromQueueToCardToResolvedWithAnOutcome() throws Exception {
        requireInstalled(CHROMEDRIVER, "chromium-driver");
        requireInstalled(CHROMIUM, "chromium");
        Files.createDirectories(ConsoleBrowserIT.OUT);
        try (ConsoleRig rig = new ConsoleRig()) {
            rig.vitals(ConsoleRig.PEGGY);
            WebDriver browser = ConsoleBrowserIT.chromium();
            try {
                WebDriverWait until = new WebDriverWait(browser, WAIT);
                until.ignoring(StaleElementReferenceException.class);
                browser.get(rig.url);
                assertThat(browser.findElement(By.id("wantSound")).isSelected()).as("sound asked for at sign-in")
                        .isTrue();
                signIn(browser, "responder", ConsoleRig.PASSWORD);
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("queueView")));
                until.withMessage("the live feed to connect")
                        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "live"));
                assertThat(browser.findElement(By.id("soundToggle")).getText()).isEqualTo("Sound on");
                js(browser, "window.hearthgateSamePage = true");

                // An alarm that has waited 75 s and one of 40 s are already there when the pendant is pressed.
                String late = rig.raise(ConsoleRig.CARA, EventCode.INACTIVITY, 75);
                String amber = rig.raise(ConsoleRig.BILL, EventCode.FALL_DETECTED, 40);
                until.until(d -> rows(d).size() == 2);

                // WHEN Peggy presses her pendant
                String pendant = rig.raise(ConsoleRig.PEGGY, EventCode.PERSONAL_TRIGGER, 0);

                // THEN it appears live with her name, town and the event in words, and its timer runs
                until.withMessage("the pendant alarm to appear without a reload").until(d -> rows(d).size() == 3);
                assertThat(js(browser, "return window.hearthgateSamePage === true")).isEqualTo(true);
                assertThat(cell(browser, pendant, "resident")).contains("Peggy Jones", "Ashby");
                assertThat(cell(browser, pendant, "what")).startsWith("Pendant pressed");
                assertThat(cell(browser, amber, "what")).startsWith("Fall detected — not cancelled");
                String first = cell(browser, pendant, "timer");
                assertThat(first).matches("0:0\\d");
                until.withMessage("the timer to count").until(d -> !first.equals(cell(d, pendant, "timer")));
                assertThat(timerClass(browser, amber)).isEqualTo("amber");
                assertThat(timerClass(browser, late)).isEqualTo("late");
                assertThat(cell(browser, late, "timer")).contains("over target");
                // AND screen readers and the page title announce it
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("announce"),
                        "New critical alarm: Pendant pressed, Peggy Jones, Ashby"));
                assertThat(browser.getTitle()).contains("Hearthgate console").containsPattern("\\(\\d\\)");
                // Most urgent and oldest first: the two critical alarms (fall, older; pendant), then the high one
                assertThat(rows(browser)).extracting(r -> r.getDomAttribute("data-alarm"))
                        .containsExactly(amber, pendant, late);
                screenshot(browser, "queue.png");

                // WHEN the responder takes the call
                press(browser, pendant, "claim");
                until.withMessage("the claim to show").until(d -> cell(d, pendant, "state").contains("Taken by you"));
                // AND another responder's claim afterwards is refused, naming who has it
                Object refused = js(browser, "return fetch('/api/login', {method: 'POST', headers: {'Content-Type':"
                        + " 'application/json'}, body: JSON.stringify({user: 'ben', password: '" + ConsoleRig.PASSWORD
                        + "'})}).then(r => r.json()).then(s => fetch('/api/alarms/" + pendant + "/claim', {method: "
                        + "'POST', headers: {'Authorization': 'Bearer ' + s.token}})).then(r => r.status + ' ' + "
                        + "r.headers.get('content-type')).catch(e => String(e))");
                assertThat(String.valueOf(refused)).startsWith("409");

                // WHEN they open Peggy's card from the queue
                browser.findElement(By.cssSelector("#alarms tr[data-alarm='" + pendant + "'] td.resident a")).click();
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("keySafe")));
                // THEN the key safety information is there before anything else
                assertThat(browser.findElement(By.id("cardHeading")).getText()).startsWith("Peggy Jones, 8");
                assertThat(browser.findElement(By.id("keySafe")).getText()).isEqualTo("4321");
                assertThat(browser.findElement(By.id("dnacpr")).getText()).contains("DNACPR in place");
                assertThat(browser.findElement(By.id("safety")).getText()).contains("Penicillin",
                        "Atrial fibrillation", "Key safe left of the back door");
                assertThat(browser.findElement(By.id("circle")).getText()).contains("Sam Jones", "+447700900123",
                        "Nina Patel");
                assertThat(browser.findElement(By.id("cardAlarm")).getText()).contains("Pendant pressed",
                        "Taken by you");
                until.until(d -> d.findElement(By.id("hubHeading")).findElement(By.xpath("..")).getText()
                        .contains("hub-peggy"));
                // AND her devices, each with its state and when it was last heard from
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("hubDevices")));
                assertThat(browser.findElement(By.id("hubDevices")).getText()).contains("Blood pressure monitor",
                        "last heard from 12 hours ago", "Pendant");
                // AND her vitals are charted (uPlot) with the care plan's limits as lines
                until.withMessage("the charts").until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                        "#trends figure[data-type='bloodPressure'] canvas")));
                assertThat(browser.findElement(By.cssSelector("#trends figure[data-type='bloodPressure'] figcaption"))
                        .getText()).contains("Blood pressure (mmHg)", "systolic ≥ 180", "systolic < 90");
                assertThat(browser.findElement(By.cssSelector("#trends figure[data-type='bloodPressure'] .u-legend"))
                        .getText()).contains("systolic", "diastolic", "systolic ≥ 180");
                assertThat(browser.findElements(By.cssSelector("#trends figure[data-type='heartRate'] canvas")))
                        .hasSize(1);
                fullPage(browser, "card.png");

                // WHEN they acknowledge from the card, THEN the hub is told help is on the way
                clickAction(browser, By.cssSelector("#cardAlarm button[data-action='ack']"));
                await().atMost(WAIT).until(() -> rig.sent.stream().anyMatch(s -> s.ack().alarm().value()
                        .equals(pendant) && s.ack().state() == AlarmState.ACKNOWLEDGED
                        && s.hub().value().equals("hub-peggy")));
                until.until(d -> d.findElement(By.id("cardAlarm")).getText().contains("Acknowledged"));

                // WHEN they resolve it, the outcome chosen from the list, with a note, by keyboard
                clickAction(browser, By.cssSelector("#cardAlarm button[data-action='resolve']"));
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("resolveDialog")));
                browser.findElement(By.id("resolveConfirm")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("resolveError"),
                        "Choose how it ended"));
                browser.findElement(By.cssSelector("input[name=outcome][value=RESIDENT_OK_AFTER_CALL]")).click();
                browser.findElement(By.id("resolveNote")).sendKeys("Spoke to Peggy: she is fine, pressed by mistake");
                screenshot(browser, "resolve.png");
                browser.findElement(By.id("resolveNote")).sendKeys(Keys.TAB, Keys.ENTER);

                // THEN the hub hears it is closed, with the outcome, and it leaves the open queue
                await().atMost(WAIT).until(() -> rig.sent.stream().anyMatch(s -> s.ack().alarm().value()
                        .equals(pendant) && s.ack().state() == AlarmState.RESOLVED));
                assertThat(rig.sent.stream().filter(s -> s.ack().state() == AlarmState.RESOLVED).findFirst()
                        .orElseThrow().ack().note()).isEqualTo("Resident OK after call: Spoke to Peggy: she is fine, "
                                + "pressed by mistake");
                assertThat(rig.store.alarm(AlarmId.of(pendant)).orElseThrow().acknowledgedBy()).isEqualTo("responder");
                until.until(d -> d.findElement(By.id("card")).getText().contains("Resolved"));
                browser.findElement(By.cssSelector("a.back")).click();
                until.until(d -> rows(d).size() == 2);
                screenshot(browser, "queue-after.png");

                // The health overview: every hub with its resident, those with equipment problems first
                rig.raise(ConsoleRig.BILL, EventCode.BATTERY_LOW, 5);
                rig.raise(ConsoleRig.CARA, EventCode.SENSOR_MISSING, 5);
                // AND what the hubs relay about their devices: a flat pendant battery, a motion sensor gone quiet,
                // a blood-pressure reading the care plan expected
                rig.battery(ConsoleRig.CARA, "pendant-1", 8);
                rig.motionThenMissing(ConsoleRig.BILL, "pir-bedroom", "Bedroom", java.time.Duration.ofHours(3));
                rig.missedReading(ConsoleRig.CARA, "blood pressure");
                browser.findElement(By.cssSelector("#nav a[href='#health']")).click();
                until.until(d -> d.findElements(By.cssSelector("#hubs tr[data-hub]")).size() == 3);
                // THEN each problem is in words, and the hubs with problems come first
                assertThat(browser.findElement(By.id("hubs")).getText()).contains("Peggy Jones", "William Hart",
                        "Cara Singh", "Battery low", "A sensor has stopped reporting", "Pendant battery 8% — replace",
                        "Bedroom motion sensor not heard from for 3 hours", "Blood pressure reading overdue");
                assertThat(browser.findElements(By.cssSelector("#hubs tr[data-hub]")).get(2)
                        .getDomAttribute("data-hub")).as("the hub without problems last").isEqualTo("hub-peggy");
                assertThat(browser.findElements(By.cssSelector("#hubs tr[data-hub]")).get(0).getDomAttribute("class"))
                        .isEqualTo("MISSING");
                screenshot(browser, "health.png");
                // AND on a phone (390 px) the table becomes cards, nothing scrolls sideways
                browser.manage().window().setSize(new Dimension(390, 844));
                assertFits(browser, "the health overview");
                fullPage(browser, "health-phone.png");
                browser.manage().window().setSize(new Dimension(1280, 900));

                // At 390 x 844 (a phone) the queue and the card fit without scrolling sideways
                browser.manage().window().setSize(new Dimension(390, 844));
                browser.findElement(By.cssSelector("#nav a[href='#queue']")).click();
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("queueView")));
                assertFits(browser, "the queue");
                screenshot(browser, "queue-phone.png");
                browser.findElement(By.cssSelector("#alarms tr[data-alarm='" + amber + "'] td.resident a")).click();
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("keySafe")));
                assertFits(browser, "the card");
                fullPage(browser, "card-phone.png");
                // AND larger text still fits
                browser.findElement(By.id("largeToggle")).click();
                assertThat(js(browser, "return document.documentElement.classList.contains('large')")).isEqualTo(true);
                assertFits(browser, "the card in larger text");
                browser.findElement(By.id("largeToggle")).click();
                browser.manage().window().setSize(new Dimension(1280, 900));

                // 500 more open alarms (505 in all): the first page is drawn, the rest a click away; the count says how
                // many
                rig.raiseAll(ConsoleRig.CARA, EventCode.NO_KITCHEN_ACTIVITY, 10, 500);
                browser.findElement(By.cssSelector("#nav a[href='#queue']")).click();
                until.until(d -> d.findElement(By.id("count")).getText().equals("(505)"));
                assertThat(rows(browser)).hasSize(100);
                // How long drawing the queue took (a figure for the record, not a test: speed is for benchmarks)
                Object firstPage = js(browser, "return window.hearthgate.lastDrawMs()");
                browser.findElement(By.id("more")).click();
                until.until(d -> rows(d).size() == 200);
                // A live event with 505 open: the rows are kept, one is added
                rig.raise(ConsoleRig.PEGGY, EventCode.PULL_CORD, 0);
                until.until(d -> d.findElement(By.id("count")).getText().equals("(506)"));
                Files.writeString(ConsoleBrowserIT.OUT.resolve("queue-timings.txt"), "draw of the first 100 rows of "
                        + "505 open alarms: " + firstPage + " ms\nredraw after a live event, 200 rows shown of 506: "
                        + js(browser, "return window.hearthgate.lastDrawMs()") + " ms\n");
            } finally {
                browser.quit();
                await().atMost(WAIT).until(() -> TempDirs.delete(ConsoleBrowserIT.profile));
            }
        }
    }

    /** A screenshot of the whole page, not only what fits in the window. */
    static void fullPage(WebDriver browser, String name) throws java.io.IOException {
        Dimension before = browser.manage().window().getSize();
        long height = ((Number) js(browser, "return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(height + 100, 4000)));
        screenshot(browser, name);
        browser.manage().window().setSize(before);
    }

    static List<WebElement> rows(WebDriver browser) {
        return browser.findElements(By.cssSelector("#alarms tr[data-alarm]"));
    }

    static String cell(WebDriver browser, String alarm, String column) {
        List<WebElement> cells = browser.findElements(By.cssSelector("#alarms tr[data-alarm='" + alarm + "'] td."
                + column));
        return cells.isEmpty() ? "" : cells.get(0).getText();
    }

    static String timerClass(WebDriver browser, String alarm) {
        return browser.findElement(By.cssSelector("#alarms tr[data-alarm='" + alarm + "'] td.timer span"))
                .getDomAttribute("class");
    }

    static void press(WebDriver browser, String alarm, String action) {
        clickAction(browser, By.cssSelector("#alarms tr[data-alarm='" + alarm + "'] button[data-action='" + action
                + "']"));
    }

    /** Clicks a button that a live redraw may replace between finding and clicking it. */
    static void clickAction(WebDriver browser, By button) {
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement b = ExpectedConditions.elementToBeClickable(button).apply(d);
            if (b == null) {
                return false;
            }
            b.click();
            return true;
        });
    }

    static void assertFits(WebDriver browser, String what) {
        Object sizes = js(browser, "return document.documentElement.scrollWidth + ' <= ' + window.innerWidth");
        assertThat((Boolean) js(browser, "return document.documentElement.scrollWidth <= window.innerWidth"))
                .as(what + " without horizontal scrolling: " + sizes).isTrue();
    }
}
