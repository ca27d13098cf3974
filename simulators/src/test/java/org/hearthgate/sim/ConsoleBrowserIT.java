package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.obs.BodyTemperature;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.hub.Announcement;
import org.hearthgate.hub.Hub;
import org.hearthgate.sim.EndToEndAlarmIT.RecordingHub;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.stack.Stack;
import org.hearthgate.sim.stack.TempDirs;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The responder console in a real browser: Debian's Chromium, headless, driven through Debian's chromedriver by
 * Selenium. A responder signs in (a wrong password first), a pendant press appears in the queue live, above a less
 * urgent alarm raised after it, is acknowledged (the hub hears it) and resolved with an outcome (it leaves the open
 * queue), all by
 * clicking and typing as a person would. One browser session; every wait is a condition, never a sleep.
 *
 * <p>Needs the Debian packages {@code chromium} and {@code chromium-driver} ({@code ./hearthgate test} installs
 * them as root) and {@code mosquitto}. Selenium is given both paths, so Selenium Manager never runs (it would try
 * to download a browser and a driver).
 */
class ConsoleBrowserIT {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path OUT = Path.of("target", "console-browser");
    static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static String keySafeColumn(Stack stack, String resident) throws java.sql.SQLException {
        try (java.sql.Connection c = stack.relay().database().dataSource().getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement(
                        "SELECT key_safe_code FROM residents WHERE id = ?")) {
            ps.setString(1, resident);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void copyKeySafe(Stack stack, String from, String to) throws java.sql.SQLException {
        String sealed = keySafeColumn(stack, from);
        try (java.sql.Connection c = stack.relay().database().dataSource().getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("UPDATE residents SET key_safe_code = ? "
                        + "WHERE id = ?")) {
            ps.setString(1, sealed);
            ps.setString(2, to);
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    @Test
    void responderSignsInSeesThePendantAlarmLiveAcknowledgesAndResolvesIt() throws Exception {
        requireInstalled(CHROMEDRIVER, "chromium-driver");
        requireInstalled(CHROMIUM, "chromium");
        Files.createDirectories(OUT);
        Clock clock = Clock.systemUTC();
        try (Broker broker = MosquittoBroker.start(Broker.freePort());
                Stack stack = new Stack(broker.url(), Stack.tempDir(), clock)) {
            stack.startRelay(0);
            RecordingHub recorder = new RecordingHub();
            // The demo service's hub for Margaret ("Peggy") Hughes of Brookside, from docs/examples/directory.yaml
            Hub hub = stack.startHub(HubId.of("hub-demo"), ResidentId.of("res-demo"), List.of(), recorder,
                    recorder);
            await().atMost(WAIT).until(stack.relay()::isConnected);

            WebDriver browser = chromium();
            try {
                WebDriverWait until = new WebDriverWait(browser, WAIT);
                until.ignoring(StaleElementReferenceException.class); // the queue is redrawn on every event
                browser.get("http://127.0.0.1:" + stack.relay().consolePort() + "/");

                // A wrong password: the error shows and the queue stays hidden.
                signIn(browser, Stack.DEMO_USER, "not-the-password");
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("loginError"),
                        "Wrong user or password"));
                assertThat(browser.findElement(By.id("queueView")).isDisplayed()).isFalse();
                assertThat(browser.findElement(By.id("password")).getDomAttribute("aria-invalid")).isEqualTo("true");
                screenshot(browser, "sign-in-error.png");

                // The demo login, submitted with the keyboard: the queue shows and the live feed connects.
                signIn(browser, Stack.DEMO_USER, Stack.DEMO_PASSWORD);
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("queueView")));
                assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
                until.withMessage("the live feed to connect")
                        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "live"));
                assertThat(rows(browser)).isEmpty();
                // Marks this page; a reload would lose the mark, so the alarm must arrive over the WebSocket.
                js(browser, "window.hearthgateSamePage = true");

                // WHEN the resident presses the pendant
                hub.observe(new PendantPress(DeviceId.of("pendant-1"), Instant.now()));

                // THEN its row appears live, CRITICAL, waiting for a responder
                until.withMessage("the pendant alarm to appear in the queue without a reload").until(d -> rows(d).size() == 1);
                String pendant = rows(browser).get(0).getDomAttribute("data-alarm");
                assertThat(cellText(browser, pendant, "priority")).isEqualTo("CRITICAL");
                assertThat(cellText(browser, pendant, "state")).isEqualTo("Waiting for a responder");
                assertThat(cellText(browser, pendant, "what")).startsWith("Pendant pressed");
                assertThat(cellText(browser, pendant, "resident")).contains("Peggy Hughes", "Brookside");
                String started = cellText(browser, pendant, "timer");
                until.withMessage("the timer to run").until(d -> !started.equals(cellText(d, pendant, "timer")));
                assertThat(cellText(browser, pendant, "timer")).matches("\\d:\\d\\d.*");
                assertThat(js(browser, "return window.hearthgateSamePage === true")).isEqualTo(true);
                await().atMost(WAIT).until(() -> recorder.receipted.stream()
                        .anyMatch(a -> a.alarm().value().equals(pendant)));

                // AND a less urgent alarm raised after it (a fever) queues below it, not on top
                hub.observe(new BodyTemperature(DeviceId.of("thermometer-1"), Instant.now(),
                        Quantity.of(38.6, Ucum.CEL), null, Set.of()));
                until.withMessage("the fever alarm to join the queue").until(d -> rows(d).size() == 2);
                assertThat(rows(browser)).extracting(r -> r.getDomAttribute("data-alarm"))
                        .first().isEqualTo(pendant);
                String fever = rows(browser).get(1).getDomAttribute("data-alarm");
                assertThat(cellText(browser, fever, "priority")).isEqualTo("MEDIUM");
                assertThat(browser.findElement(By.id("count")).getText()).contains("2");
                screenshot(browser, "stack-queue.png");

                // WHEN the responder takes the call, THEN the queue says so
                press(browser, pendant, "Take", WebElement::click);
                until.withMessage("the claim").until(d -> cellText(d, pendant, "state").contains("Taken by you"));

                // AND the resident card has the key safety information and the escalation's timeline
                browser.findElement(By.cssSelector("#alarms tr[data-alarm='" + pendant + "'] td.resident a")).click();
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("keySafe")));
                assertThat(browser.findElement(By.id("keySafe")).getText()).isEqualTo("4721");
                assertThat(browser.findElement(By.id("dnacpr")).getText()).contains("DNACPR in place");
                assertThat(browser.findElement(By.id("circle")).getText()).contains("Sam Hughes", "+447700900123");
                until.withMessage("the escalation timeline").until(ExpectedConditions.visibilityOfElementLocated(
                        By.id("timeline")));
                assertThat(browser.findElement(By.id("timeline")).getText()).contains("Raised at home");
                // AND her devices as the relay's ingest recorded them: the pendant and the thermometer just heard
                until.withMessage("the card's devices").until(d -> !d.findElements(By.id("hubDevices")).isEmpty()
                        && d.findElement(By.id("hubDevices")).getText().contains("Thermometer"));
                assertThat(browser.findElement(By.cssSelector("#hubDevices [data-device='pendant-1']")).getText())
                        .contains("OK", "last heard from");
                ResponderConsoleBrowserIT.fullPage(browser, "card-live.png");
                // AND the code the card shows is sealed in the relay's database (the key beside it, made 0600)
                assertThat(keySafeColumn(stack, "res-demo")).startsWith("hgenc1:").doesNotContain("4721");
                // WHEN someone with database access copies Peggy's sealed code into Nisha's row, THEN it does not
                // open there: her card says the code cannot be read, and the rest of the card is there
                copyKeySafe(stack, "res-demo", "res-7f3a");
                js(browser, "location.hash = '#resident/res-7f3a'");
                until.withMessage("the unreadable code").until(ExpectedConditions.visibilityOfElementLocated(
                        By.id("keySafeUnreadable")));
                assertThat(browser.findElement(By.id("keySafeUnreadable")).getText())
                        .isEqualTo("Cannot be read: check the relay's field key");
                assertThat(browser.findElements(By.id("keySafe"))).isEmpty();
                assertThat(browser.findElement(By.id("cardHeading")).getText()).isNotBlank();
                assertThat(browser.findElement(By.id("safety")).getText()).doesNotContain("hgenc1:", "4721");
                browser.findElement(By.cssSelector("a.back")).click();
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("queueView")));

                // WHEN the responder acknowledges the pendant alarm
                press(browser, pendant, "Acknowledge", WebElement::click);

                // THEN the hub hears "help is on the way" and the row says ACKNOWLEDGED
                await().atMost(WAIT).until(() -> recorder.acks.stream().anyMatch(a -> a.alarm().value()
                        .equals(pendant) && a.state() == AlarmState.ACKNOWLEDGED));
                assertThat(recorder.announced).contains(Announcement.HELP_ON_THE_WAY);
                until.withMessage("the pendant row to show it is acknowledged")
                        .until(d -> cellText(d, pendant, "state").startsWith("Acknowledged"));
                assertThat(stack.relay().store().alarm(org.hearthgate.contract.AlarmId.of(pendant)).orElseThrow()
                        .acknowledgedBy()).isEqualTo(Stack.DEMO_USER);
                screenshot(browser, "acknowledged.png");

                // WHEN the responder resolves it with the keyboard: focus has moved to its Resolve button; Enter
                // opens the outcome list on its first choice; Space picks it, Tab to the notes, Tab, Enter resolves
                until.withMessage("focus on the acknowledged alarm's Resolve button").until(d -> {
                    WebElement focused = d.switchTo().activeElement();
                    if (!pendant.equals(focused.getDomAttribute("data-alarm"))
                            || !"resolve".equals(focused.getDomAttribute("data-action"))) {
                        return false;
                    }
                    focused.sendKeys(Keys.ENTER);
                    return true;
                });
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("resolveDialog")));
                until.until(d -> "outcome".equals(d.switchTo().activeElement().getDomAttribute("name")));
                browser.switchTo().activeElement().sendKeys(Keys.SPACE);
                browser.switchTo().activeElement().sendKeys(Keys.TAB);
                browser.switchTo().activeElement().sendKeys("Pressed by mistake", Keys.TAB);
                browser.switchTo().activeElement().sendKeys(Keys.ENTER);

                // THEN it leaves the open queue, the fever alarm stays, and the hub is told it is closed
                until.withMessage("the resolved alarm to leave the open queue")
                        .until(ExpectedConditions.numberOfElementsToBe(row(pendant), 0));
                assertThat(rows(browser)).extracting(r -> r.getDomAttribute("data-alarm")).containsExactly(fever);
                await().atMost(WAIT).until(() -> recorder.acks.stream().anyMatch(a -> a.alarm().value()
                        .equals(pendant) && a.state() == AlarmState.RESOLVED));
                assertThat(recorder.acks.stream().filter(a -> a.state() == AlarmState.RESOLVED).findFirst()
                        .orElseThrow().note()).as("the outcome goes to the hub").isEqualTo("FALSE_ALARM");
                assertThat(js(browser, "return window.hearthgateSamePage === true")).isEqualTo(true);
                // AND the keyboard user is not dropped at the top of the page: focus is on the next alarm's button
                until.withMessage("focus on the next alarm after resolving")
                        .until(d -> fever.equals(d.switchTo().activeElement().getDomAttribute("data-alarm")));
                screenshot(browser, "resolved.png");

                // WHEN the relay loses the alarm broker, THEN the responder is told in red, not shown "live"
                assertThat(browser.findElement(By.id("brokerAlert")).isDisplayed()).isFalse();
                broker.close();
                until.withMessage("the broker-down banner").until(ExpectedConditions.visibilityOfElementLocated(
                        By.id("brokerAlert")));
                assertThat(browser.findElement(By.id("brokerAlert")).getText())
                        .contains("Not connected to the alarm broker");
                assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("not connected to the alarm broker");
                screenshot(browser, "broker-down.png");

                // Her son signs in: his view names his mother and says how the alarm ended, in plain words
                browser.findElement(By.id("signOut")).click();
                signIn(browser, "sam", "hearthgate-family");
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("familyView")));
                until.until(d -> d.findElements(By.cssSelector("#familyAlerts li[data-alarm='" + pendant + "']"))
                        .size() == 1);
                assertThat(browser.findElement(By.id("familyHeading")).getText()).isEqualTo("Peggy");
                assertThat(browser.findElement(By.cssSelector("#familyAlerts li[data-alarm='" + pendant + "']"))
                        .getText()).contains("Pendant pressed", "It was a false alarm: all is well.");
                assertThat(browser.getPageSource()).doesNotContain("4721", "Pressed by mistake");
                screenshot(browser, "family.png");

                // An admin adds a resident and moves a hub to her; the directory has it, with its history
                browser.findElement(By.id("signOut")).click();
                signIn(browser, "admin", "hearthgate-admin");
                until.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#nav a[href='#admin']")));
                browser.findElement(By.cssSelector("#nav a[href='#admin']")).click();
                until.until(d -> !d.findElements(By.cssSelector("#adminHubs tr[data-hub='hub-sim']")).isEmpty());
                browser.findElement(By.id("nrId")).sendKeys("res-nora");
                browser.findElement(By.id("nrGiven")).sendKeys("Nora");
                browser.findElement(By.id("nrFamily")).sendKeys("Bell");
                browser.findElement(By.id("nrTown")).sendKeys("Brookside", Keys.ENTER);
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("adminDone"), "Nora Bell added"));
                // The hub takes the resident's id (the server suggests residents as one types a name)
                until.until(d -> !d.findElements(By.cssSelector("#adminResidents li[data-resident='res-nora']"))
                        .isEmpty());
                WebElement assign = browser.findElement(By.id("assign-hub-sim"));
                assertThat(assign.getDomProperty("value")).isEqualTo("res-sim");
                assign.clear();
                assign.sendKeys("res-nora");
                browser.findElement(By.cssSelector("#adminHubs button[data-hub='hub-sim']")).click();
                until.until(ExpectedConditions.textToBePresentInElementLocated(By.id("adminDone"),
                        "Hub hub-sim now belongs to Nora Bell"));
                assertThat(stack.directory().residentOfHub(Stack.TENANT, HubId.of("hub-sim")))
                        .contains(ResidentId.of("res-nora"));
                until.until(d -> d.findElement(By.cssSelector("#adminHubs tr[data-hub='hub-sim'] td.resident"))
                        .getText().equals("Nora Bell"));
                ResponderConsoleBrowserIT.fullPage(browser, "admin.png");

                // Peggy's GP signs in: her queue has Peggy's open alarm; the service-wide health overview is not hers
                browser.findElement(By.id("signOut")).click();
                signIn(browser, "dr.okafor", "hearthgate-clinician");
                until.until(ExpectedConditions.visibilityOfElementLocated(By.id("queueView")));
                until.withMessage("the clinician's queue").until(d -> !d.findElements(row(fever)).isEmpty());
                assertThat(cellText(browser, fever, "resident")).contains("Peggy Hughes");
                assertThat(browser.findElement(By.cssSelector("#nav a[href='#health']")).isDisplayed()).isFalse();
                assertThat(browser.findElement(By.cssSelector("#nav a[href='#admin']")).isDisplayed()).isFalse();
            } finally {
                browser.quit();
                // Chromium still writes its profile while it exits: delete until it stays gone.
                await().atMost(WAIT).until(() -> TempDirs.delete(profile));
            }
        }
    }

    /** The browser profile of the last {@link #chromium()}: deleted after the browser quits. */
    static Path profile;

    /** Headless Chromium from Debian, through Debian's chromedriver: both paths given, so nothing is downloaded. */
    static WebDriver chromium() throws IOException {
        // Selenium looks for a DevTools binding matching the browser's version; none is used here, so no warning.
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(OUT.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-GB",
                "--user-data-dir=" + (profile = TempDirs.create("hearthgate-chromium")));
        return new ChromeDriver(service, options);
    }

    static void requireInstalled(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: this test drives Debian's Chromium. Install it with"
                    + " `apt-get install -y chromium chromium-driver` (./hearthgate test does it when run as root); "
                    + "package: " + debianPackage);
        }
    }

    static void signIn(WebDriver browser, String user, String password) {
        WebElement u = browser.findElement(By.id("user"));
        u.clear();
        u.sendKeys(user);
        WebElement p = browser.findElement(By.id("password"));
        p.clear();
        p.sendKeys(password, Keys.ENTER);
    }

    static By row(String alarm) {
        return By.cssSelector("#alarms tr[data-alarm='" + alarm + "']");
    }

    static List<WebElement> rows(WebDriver browser) {
        return browser.findElements(By.cssSelector("#alarms tr[data-alarm]"));
    }

    static String cellText(WebDriver browser, String alarm, String column) {
        List<WebElement> cells = browser.findElements(By.cssSelector("#alarms tr[data-alarm='" + alarm + "'] td."
                + column));
        return cells.isEmpty() ? null : cells.get(0).getText();
    }

    /** Presses the row's button; a live redraw between finding and pressing it finds the new one. */
    static void press(WebDriver browser, String alarm, String label, Consumer<WebElement> how) {
        By button = By.xpath("//tbody[@id='alarms']/tr[@data-alarm='" + alarm + "']//button[normalize-space()='"
                + label + "']");
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement b = ExpectedConditions.elementToBeClickable(button).apply(d);
            if (b == null) {
                return false;
            }
            how.accept(b);
            return true;
        });
    }

    static Object js(WebDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    static void screenshot(WebDriver browser, String name) throws IOException {
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(OUT.resolve(name), png);
    }
}
