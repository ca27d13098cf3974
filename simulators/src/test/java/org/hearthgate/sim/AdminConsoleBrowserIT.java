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
import java.time.LocalTime;
import java.util.List;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.relay.directory.CircleEntry;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.directory.Contact;
import org.hearthgate.relay.directory.ContactPoint;
import org.hearthgate.relay.directory.QuietHours;
import org.hearthgate.relay.notify.Channel;
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
 * The admin console in headless Chromium, on the demo stack (the sample service, the demo's escalation policy):
 * the admin finds Peggy by a search the server runs, adds a neighbour to her care circle and moves them up (with
 * the keyboard), edits her son's contact (a mistyped e-mail address refused on its field, then e-mail moved above
 * text messages with the keyboard, quiet hours from 22:00), changes her key-safe code (her card then shows it),
 * creates a responder account that can sign in, and saves an escalation policy after an invalid one has shown its
 * field error. At 390 x 844 none of these views scrolls sideways.
 */
class AdminConsoleBrowserIT {

    @Test
    void anAdminEditsAResidentTheirCircleAnAccountAndThePolicies() throws Exception {
        requireInstalled(CHROMEDRIVER, "chromium-driver");
        requireInstalled(CHROMIUM, "chromium");
        Files.createDirectories(ConsoleBrowserIT.OUT);
        try (Broker broker = MosquittoBroker.start(Broker.freePort());
                Stack stack = new Stack(broker.url(), Stack.tempDir(), Clock.systemUTC())) {
            stack.startRelay(0);
            WebDriver browser = ConsoleBrowserIT.chromium();
            try {
                WebDriverWait until = new WebDriverWait(browser, WAIT);
                until.ignoring(StaleElementReferenceException.class);
                browser.get("http://127.0.0.1:" + stack.relay().consolePort() + "/");
                signIn(browser, "admin", "hearthgate-admin");
                until.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#nav a[href='#admin']")));
                browser.findElement(By.cssSelector("#nav a[href='#admin']")).click();
                until.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#adminView a[href='#people']")));

                // WHEN the admin searches the residents, THEN the server's answer lists Peggy alone
                browser.findElement(By.cssSelector("#adminView a[href='#people']")).click();
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("peopleQ")));
                until.until(d -> d.findElements(By.cssSelector("#peopleList li[data-resident]")).size() == 3);
                assertThat(browser.findElement(By.id("peopleCount")).getText()).isEqualTo("1–3 of 3 residents");
                browser.findElement(By.id("peopleQ")).sendKeys("hughes", Keys.ENTER);
                until.until(d -> d.findElements(By.cssSelector("#peopleList li[data-resident]")).size() == 1);
                WebElement peggy = browser.findElement(By.cssSelector("#peopleList li[data-resident='res-demo']"));
                assertThat(peggy.getText()).contains("Peggy Hughes", "Edit care plan");
                assertThat(peggy.findElement(By.cssSelector("a[href='#careplan/res-demo']")).getDomAttribute(
                        "aria-label")).isEqualTo("Edit care plan for Peggy Hughes");
                ResponderConsoleBrowserIT.fullPage(browser, "admin-people.png");

                // AND opening her shows her record and her care circle in the order it is called
                peggy.findElement(By.cssSelector("a[href='#person/res-demo']")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("personEditHeading"),
                        "Peggy Hughes"));
                until.until(d -> d.findElements(By.cssSelector("#circleEdit li[data-contact]")).size() == 5);
                assertThat(circleOrder(browser)).containsExactly("brookside-monitoring", "on-call", "dr-okafor",
                        "sam-hughes", "ruth-jones");
                assertThat(browser.findElement(By.cssSelector("#personView a[href='#careplan/res-demo']"))
                        .isDisplayed()).isTrue();

                // WHEN she adds Dev Patel as a neighbour: he is called after Ruth, the neighbour already there
                browser.findElement(By.id("circleAddQ")).sendKeys("patel", Keys.ENTER);
                until.until(d -> !d.findElements(By.cssSelector("#circleFound li[data-contact='dev-patel']")).isEmpty());
                browser.findElement(By.cssSelector("#circleFound li[data-contact='dev-patel'] button")).click();
                until.until(d -> circleOrder(d).contains("dev-patel"));
                assertThat(circleOrder(browser)).endsWith("ruth-jones", "dev-patel");
                // AND moves him up with the keyboard: focus is on his Up button, Enter presses it
                until.until(d -> "Move Dev Patel up".equals(d.switchTo().activeElement().getDomAttribute("aria-label")));
                browser.switchTo().activeElement().sendKeys(Keys.ENTER);
                until.until(d -> circleOrder(d).indexOf("dev-patel") < circleOrder(d).indexOf("ruth-jones"));
                assertThat(browser.findElement(By.id("circleSay")).getDomProperty("textContent"))
                        .contains("Dev Patel moved to 1 of 2");
                assertThat(browser.switchTo().activeElement().getDomAttribute("aria-label"))
                        .as("focus stays with him").isEqualTo("Move Dev Patel down");
                browser.findElement(By.id("circleSave")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("circleDone"), "Care circle saved"));
                assertThat(stack.directory().circleEntries(Stack.TENANT, ResidentId.of("res-demo")))
                        .filteredOn(e -> e.role() == CircleRole.NEIGHBOUR)
                        .extracting(CircleEntry::contactId, CircleEntry::order)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("dev-patel", 1),
                                org.assertj.core.groups.Tuple.tuple("ruth-jones", 2));

                // WHEN she edits Sam's contact from the circle: a mistyped e-mail address is refused on its field
                browser.findElement(By.cssSelector("#circleEdit li[data-contact='sam-hughes'] a.edit-contact")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contactHeading"), "Sam Hughes"));
                until.until(d -> channelOrder(d).equals(List.of("SMS", "EMAIL")));
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contactBack"),
                        "Back to Peggy Hughes"));
                assertThat(browser.findElement(By.id("contactQuietFrom")).getDomProperty("value")).isEqualTo("23:00");
                WebElement email = browser.findElement(By.id("contactAddress1"));
                assertThat(browser.findElement(By.cssSelector("label[for='contactAddress1']")).getText())
                        .isEqualTo("E-mail address");
                email.clear();
                email.sendKeys("sam.hughes-at-example.org");
                browser.findElement(By.id("contactSave")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contactError"),
                        "is not an e-mail address"));
                assertThat(browser.findElement(By.id("contactError")).getText()).contains("2nd channel (E-mail), address");
                assertThat(browser.findElement(By.id("contactError")).getDomAttribute("role")).isEqualTo("alert");
                assertThat(email.getDomAttribute("aria-invalid")).isEqualTo("true");
                assertThat(email.getDomAttribute("aria-describedby")).contains("contactError");
                assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("contactAddress1");
                // AND she corrects it, moves e-mail above text messages with the keyboard, sets 22:00 to 07:00
                email.clear();
                email.sendKeys("sam.hughes@example.org", Keys.TAB);
                assertThat(browser.switchTo().activeElement().getDomAttribute("aria-label"))
                        .isEqualTo("Move channel 2 (E-mail) up");
                browser.switchTo().activeElement().sendKeys(Keys.ENTER);
                until.until(d -> channelOrder(d).equals(List.of("EMAIL", "SMS")));
                assertThat(browser.switchTo().activeElement().getDomAttribute("aria-label"))
                        .as("focus stays with the channel moved").isEqualTo("Move channel 1 (E-mail) down");
                assertThat(browser.findElement(By.id("contactSay")).getDomProperty("textContent"))
                        .isEqualTo("E-mail moved to 1 of 2: tried first.");
                assertThat(browser.findElement(By.id("contactAddress0")).getDomProperty("value"))
                        .isEqualTo("sam.hughes@example.org");
                // (set as a value: what typing into a time field takes depends on the browser's 12- or 24-hour clock)
                setValue(browser, browser.findElement(By.id("contactQuietFrom")), "22:00");
                assertThat(browser.findElement(By.id("contactQuietFrom")).getDomProperty("value")).isEqualTo("22:00");
                browser.findElement(By.id("contactSave")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contactDone"), "Contact saved"));
                assertThat(browser.findElement(By.id("contactError")).getText()).isEmpty();
                ResponderConsoleBrowserIT.fullPage(browser, "admin-contact.png");
                // THEN the directory, which the escalation engine reads, has the new order and quiet hours
                Contact sam = stack.directory().contact(Stack.TENANT, "sam-hughes").orElseThrow();
                assertThat(sam.channels()).containsExactly(new ContactPoint(Channel.EMAIL, "sam.hughes@example.org"),
                        new ContactPoint(Channel.SMS, "+447700900123"));
                assertThat(sam.quiet()).isEqualTo(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)));
                await().atMost(WAIT).until(() -> stack.relay().audit().latest(20).stream()
                        .anyMatch(e -> e.action().equals("contact.updated") && e.login().equals("admin")));
                // AND the link back leads to Peggy
                browser.findElement(By.id("contactBack")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("personEditHeading"),
                        "Peggy Hughes"));
                until.until(d -> d.findElements(By.cssSelector("#circleEdit li[data-contact]")).size() == 6);

                // WHEN she changes the key-safe code, THEN the resident card shows the new one
                WebElement keySafe = browser.findElement(By.id("personKeySafe"));
                assertThat(keySafe.getDomProperty("value")).isEqualTo("4721");
                keySafe.clear();
                keySafe.sendKeys("8053");
                ResponderConsoleBrowserIT.fullPage(browser, "admin-person.png");
                browser.findElement(By.cssSelector("#personForm button[type='submit']")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("recordDone"), "Details saved"));
                browser.findElement(By.cssSelector("#personView a[href='#resident/res-demo']")).click();
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("keySafe")));
                assertThat(browser.findElement(By.id("keySafe")).getText()).isEqualTo("8053");
                assertThat(browser.findElement(By.id("circle")).getText()).contains("Dev Patel");

                // WHEN she creates a responder account (a short password first is refused, naming the field)
                go(browser, "#users");
                until.until(d -> d.findElements(By.cssSelector("#usersList tr[data-login]")).size() >= 4);
                browser.findElement(By.id("userLogin")).sendKeys("night.responder");
                assertThat(browser.findElement(By.id("userRole")).getDomProperty("value")).isEqualTo("RESPONDER");
                browser.findElement(By.id("userPassword")).sendKeys("too-short", Keys.ENTER);
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("usersError"),
                        "at least 12 characters"));
                assertThat(browser.findElement(By.id("userPassword")).getDomAttribute("aria-invalid")).isEqualTo("true");
                browser.switchTo().activeElement().sendKeys("-and-then-some", Keys.ENTER);
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("usersDone"),
                        "Account night.responder created"));
                until.until(d -> !d.findElements(By.cssSelector("#usersList tr[data-login='night.responder']")).isEmpty());
                assertThat(browser.findElement(By.id("userPassword")).getDomProperty("value")).as("never kept").isEmpty();
                assertThat(browser.getPageSource()).doesNotContain("too-short-and-then-some");

                // WHEN she saves an escalation policy: an invalid one first shows the field error
                go(browser, "#policies");
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("policyDefault")));
                WebElement yaml = browser.findElement(By.id("policyDefault"));
                String text = yaml.getDomProperty("value");
                assertThat(text).contains("  demo:", "wait: 1m");
                setValue(browser, yaml, text.replace("wait: 1m", "wait: soon"));
                browser.findElement(By.id("policyDefaultValidate")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("policyDefaultError"),
                        "policies.demo.steps[2].wait"));
                assertThat(browser.findElement(By.id("policyDefaultError")).getDomAttribute("role")).isEqualTo("alert");
                assertThat(yaml.getDomAttribute("aria-invalid")).isEqualTo("true");
                assertThat(yaml.getDomAttribute("aria-describedby")).contains("policyDefaultError");
                assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("policyDefault");
                setValue(browser, yaml, text.replace("wait: 1m", "wait: 90s"));
                browser.findElement(By.id("policyDefaultSave")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("policyDefaultDone"), "Saved"));
                until.until(d -> d.findElement(By.id("policies")).getText().contains("wait 90s"));
                assertThat(browser.findElement(By.id("policyDefaultError")).getText()).isEmpty();
                await().atMost(WAIT).until(() -> stack.relay().audit().latest(20).stream()
                        .anyMatch(e -> e.action().equals("policy.default.updated") && e.login().equals("admin")));

                // At 390 x 844 (a phone) every admin view fits without scrolling sideways
                browser.manage().window().setSize(new Dimension(390, 844));
                for (String view : List.of("#admin", "#people", "#person/res-demo", "#contact/sam-hughes/res-demo",
                        "#hub/hub-demo", "#users", "#policies")) {
                    go(browser, view);
                    String section = view.substring(1).replaceAll("/.*", "") + "View";
                    until.until(ExpectedConditions.visibilityOfElementLocated(By.id(section)));
                    until.until(d -> d.findElement(By.id(section)).findElements(By.xpath(
                            ".//*[normalize-space()='Loading…']")).isEmpty());
                    until.until(d -> !d.findElement(By.id(section)).findElements(By.cssSelector(
                            "li, tr, textarea")).isEmpty());
                    ResponderConsoleBrowserIT.assertFits(browser, view);
                }
                go(browser, "#person/res-demo");
                until.until(d -> d.findElements(By.cssSelector("#circleEdit li[data-contact]")).size() == 6);
                ResponderConsoleBrowserIT.fullPage(browser, "admin-person-phone.png");
                go(browser, "#contact/sam-hughes/res-demo");
                until.until(d -> channelOrder(d).equals(List.of("EMAIL", "SMS")));
                ResponderConsoleBrowserIT.fullPage(browser, "admin-contact-phone.png");
                go(browser, "#people");
                until.until(d -> !d.findElements(By.cssSelector("#peopleList li[data-resident]")).isEmpty());
                screenshot(browser, "admin-people-phone.png");

                // AND the new responder signs in: the alarm queue
                browser.manage().window().setSize(new Dimension(1280, 900));
                browser.findElement(By.id("signOut")).click();
                signIn(browser, "night.responder", "too-short-and-then-some");
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("queueView")));
                assertThat(browser.findElement(By.cssSelector("#nav a[href='#admin']")).isDisplayed()).isFalse();
            } finally {
                browser.quit();
                await().atMost(WAIT).until(() -> TempDirs.delete(ConsoleBrowserIT.profile));
            }
        }
    }

    private static List<String> channelOrder(WebDriver browser) {
        return browser.findElements(By.cssSelector("#contactChannels li[data-channel]")).stream()
                .map(li -> li.getDomAttribute("data-channel")).toList();
    }

    private static List<String> circleOrder(WebDriver browser) {
        return browser.findElements(By.cssSelector("#circleEdit li[data-contact]")).stream()
                .map(li -> li.getDomAttribute("data-contact")).toList();
    }

    /** Follows a link inside the page, as the console's own links do (a reload would sign the admin out). */
    private static void go(WebDriver browser, String hash) {
        js(browser, "location.hash = '" + hash + "'");
    }

    /** Puts a long text into a textarea at once, as a paste would. */
    private static void setValue(WebDriver browser, WebElement area, String text) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", area, text);
    }
}
