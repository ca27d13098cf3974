package org.hearthgate.relay.escalation;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.escalation.EscalationSql.AlarmRow;
import org.hearthgate.relay.escalation.EscalationSql.Queued;
import org.hearthgate.relay.escalation.EscalationSql.Told;
import org.hearthgate.relay.notify.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "I'm going" links: family and neighbours have no console login, so each message to them carries a personal link
 * to a one-screen page with two answers, <b>I'm going</b> and <b>I can't</b>.
 *
 * <p>A link is {@code base64url(payload).base64url(HMAC-SHA256(secret, payload))} (the tag truncated to 128
 * bits), the payload naming the alarm, the contact, an expiry and a random nonce. It works once (the hash of
 * the token is recorded with the answer), only for that person and that alarm (both are inside the signature, and
 * the contact must have been told about that alarm), until it expires. The page shows nothing about the resident
 * but what the reader calls them and what happened ("Mum pressed the alarm button at 03:12"). Refusals say kindly
 * what is wrong.
 *
 * <p>The first "I'm going" acknowledges the alarm through {@link AlarmActions#acknowledge} as
 * {@code "<name> (family)"}, stops the chain, and queues "Sam is on the way" to everyone else the chain told.
 */
public final class AttendLinks {
    private static final Logger LOG = LoggerFactory.getLogger(AttendLinks.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String VERSION = "a1";

    private final Database db;
    private final CareDirectory directory;
    private final AlarmActions actions;
    private final SecretKeySpec key;
    /** Read when a link is made: a relay on a free port knows its address only once it listens. */
    private final java.util.function.Supplier<String> baseUrl;
    private final Duration validity;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param secret   the relay secret (at least 32 bytes), the same on every relay instance
     * @param baseUrl  the public address the page is served at, e.g. {@code https://care.example.org}
     * @param validity how long a link works after it was made (e.g. 12 h)
     */
    public AttendLinks(Database db, CareDirectory directory, AlarmActions actions, byte[] secret, String baseUrl,
            Duration validity, Clock clock) {
        this(db, directory, actions, secret, () -> baseUrl, validity, clock);
    }

    /** As above, the public address read when each link is made (a relay learns its port once it listens). */
    public AttendLinks(Database db, CareDirectory directory, AlarmActions actions, byte[] secret,
            java.util.function.Supplier<String> baseUrl, Duration validity, Clock clock) {
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("attend link secret: must be at least 32 bytes");
        }
        this.db = db;
        this.directory = directory;
        this.actions = actions;
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.baseUrl = () -> {
            String url = baseUrl.get();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        };
        this.validity = validity;
        this.clock = clock;
    }

    /** A fresh personal link for this contact and alarm. */
    public String linkFor(AlarmId alarm, String contactId, Instant now) {
        byte[] nonce = new byte[6];
        random.nextBytes(nonce);
        String payload = VERSION + "|" + alarm.value() + "|" + now.plus(validity).getEpochSecond() + "|"
                + B64.encodeToString(nonce) + "|" + contactId;
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return baseUrl.get() + "/attend/" + B64.encodeToString(bytes) + "." + B64.encodeToString(sign(bytes));
    }

    /**
     * HMAC-SHA256 truncated to 128 bits (as RFC 2104 and NIST SP 800-107 allow): still unforgeable, and 21 characters
     * shorter in an SMS.
     */
    private byte[] sign(byte[] payload) {
        return java.util.Arrays.copyOf(hmac(payload), 16);
    }

    private byte[] hmac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Mounts {@code GET} and {@code POST /attend/:token} on {@code router}. */
    public void mount(Router router) {
        router.get("/attend/:token").handler(ctx -> blocking(ctx, () -> page(ctx.pathParam("token"))));
        router.post("/attend/:token").handler(BodyHandler.create().setBodyLimit(1024));
        router.post("/attend/:token").handler(ctx -> {
            String answer = ctx.request().getFormAttribute("answer");
            blocking(ctx, () -> answer(ctx.pathParam("token"), answer));
        });
    }

    private interface PageWork {
        Page run();
    }

    private static void blocking(RoutingContext ctx, PageWork work) {
        ctx.vertx().executeBlocking(work::run, false).onComplete(r -> {
            Page page = r.succeeded() ? r.result()
                    : new Page(500, "Something went wrong", "Sorry, we could not record that. Please try the link"
                            + " again in a minute. If you are worried, phone the care team, or 999 in an emergency.",
                            false, null);
            if (r.failed()) {
                LOG.warn("attend page failed: {}", r.cause().toString());
            }
            HttpServerResponse res = ctx.response().setStatusCode(page.status())
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("X-Robots-Tag", "noindex")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline';"
                            + " form-action 'self'; frame-ancestors 'none'");
            res.end(page.html());
        });
    }

    // ---- the token ----------------------------------------------------------------------------------------------

    /** A verified link. */
    record Link(String alarmId, String contactId, Instant expires, String tokenHash) {
    }

    /** Checks signature and shape (not expiry): empty when the token is not one of ours. */
    Optional<Link> verify(String token) {
        try {
            int dot = token.indexOf('.');
            if (dot <= 0) {
                return Optional.empty();
            }
            byte[] payload = B64D.decode(token.substring(0, dot));
            byte[] signature = B64D.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(sign(payload), signature)) {
                return Optional.empty();
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", 5);
            if (parts.length != 5 || !VERSION.equals(parts[0])) {
                return Optional.empty();
            }
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
            return Optional.of(new Link(parts[1], parts[4], Instant.ofEpochSecond(Long.parseLong(parts[2])), hash));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    // ---- pages --------------------------------------------------------------------------------------------------

    /** What to show: status, title, words, whether to offer the two answers. */
    record Page(int status, String title, String text, boolean ask, String token) {
        String html() {
            String form = !ask ? "" : "<form method=\"post\" action=\"" + esc(token) + "\">"
                    + "<button name=\"answer\" value=\"going\" class=\"going\">I&#8217;m going</button>"
                    + "<button name=\"answer\" value=\"cant\" class=\"cant\">I can&#8217;t go</button></form>";
            return "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>" + esc(title) + "</title><style>"
                    + "body{font-family:system-ui,sans-serif;font-size:1.25rem;line-height:1.5;margin:0;padding:1.5rem;"
                    + "max-width:32rem;color:#0b0c0c;background:#fff}h1{font-size:1.6rem}"
                    + "button{display:block;width:100%;font-size:1.4rem;padding:1rem;margin:1rem 0;border-radius:.4rem;"
                    + "border:3px solid #0b0c0c;cursor:pointer}button:focus{outline:4px solid #fd0}"
                    + ".going{background:#00703c;color:#fff}.cant{background:#f3f2f1;color:#0b0c0c}"
                    + "</style></head><body><main><h1>" + esc(title) + "</h1><p>" + esc(text) + "</p>" + form
                    + "</main></body></html>";
        }
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private static final Page NOT_OURS = new Page(403, "This link does not work",
            "We do not recognise this link. Please use the link exactly as it came in your message. If you are"
                    + " worried, phone the care team, or 999 in an emergency.", false, null);

    private static Page expired() {
        return new Page(410, "This link has expired", "This link is too old to use now. Thank you for looking. If"
                + " you are worried, phone the care team, or 999 in an emergency.", false, null);
    }

    private static Page used() {
        return new Page(410, "You have already answered", "You have already answered with this link. Thank you.",
                false, null);
    }

    /** Everything a page needs, once the link checked out. */
    private record Context(Link link, AlarmRow alarm, CircleMember member, String called, ZoneId zone) {
        String by() {
            return member.name() + " (" + member.role().name().toLowerCase(Locale.ROOT) + ")";
        }

        String firstName() {
            return member.name().split("\\s+")[0];
        }
    }

    /** Either a context or the refusal to show. */
    private record Checked(Context context, Page refusal) {
    }

    private Checked check(String token) {
        Optional<Link> verified = verify(token);
        if (verified.isEmpty()) {
            return new Checked(null, NOT_OURS);
        }
        Link link = verified.get();
        if (!clock.instant().isBefore(link.expires())) {
            return new Checked(null, expired());
        }
        return db.read(c -> {
            Optional<AlarmRow> alarm = EscalationSql.alarm(c, link.alarmId());
            if (alarm.isEmpty() || !EscalationSql.addressed(c, link.alarmId(), link.contactId())) {
                return new Checked(null, NOT_OURS);
            }
            AlarmRow a = alarm.get();
            TenantId tenant = TenantId.of(a.tenant());
            ResidentId resident = ResidentId.of(a.resident());
            CircleMember member = directory.circle(tenant, resident).stream()
                    .filter(m -> m.contactId().equals(link.contactId())).findFirst().orElse(null);
            if (member == null) {
                return new Checked(null, NOT_OURS);
            }
            String calledName = directory.resident(tenant, resident).map(Resident::calledName).orElse("your relative");
            return new Checked(new Context(link, a, member, EscalationSql.called(member, calledName),
                    EscalationSql.zone(c, a.alarmId())), null);
        });
    }

    private boolean answered(String tokenHash) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM attend_answers WHERE token_hash = ?")) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    Page page(String token) {
        Checked checked = check(token);
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        Context ctx = checked.context();
        if (answered(ctx.link().tokenHash())) {
            return used();
        }
        if (!ctx.alarm().awaitsSomeone()) {
            return new Page(200, "Help is already on the way", "Thank you for looking. Someone has already taken this"
                    + " on, so " + ctx.called() + " is being looked after.", false, null);
        }
        return new Page(200, "Can you go to " + ctx.called() + "?", Messages.whatHappened(ctx.called(),
                ctx.alarm().code()) + " at " + Messages.time(ctx.alarm().receivedAt(), ctx.zone())
                + ". Can you go round now?", true, token);
    }

    Page answer(String token, String answer) {
        if (!"going".equals(answer) && !"cant".equals(answer)) {
            return new Page(400, "Please choose an answer", "Please go back and press \u201CI\u2019m going\u201D or"
                    + " \u201CI can\u2019t go\u201D.", false, null);
        }
        Checked checked = check(token);
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        Context ctx = checked.context();
        Instant now = clock.instant();
        boolean first = db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO attend_answers(token_hash, alarm_id,"
                    + " contact_id, answer, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING")) {
                ps.setString(1, ctx.link().tokenHash());
                ps.setString(2, ctx.alarm().alarmId());
                ps.setString(3, ctx.member().contactId());
                ps.setString(4, answer);
                ps.setLong(5, now.toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
        if (!first) {
            return used();
        }
        if ("cant".equals(answer)) {
            db.inTransaction(c -> {
                EscalationSql.event(c, ctx.alarm().alarmId(), now, "attend.cant", ctx.by() + " cannot go", null);
                return null;
            });
            return new Page(200, "Thank you for telling us", "Thank you, " + ctx.firstName() + ". "
                    + (ctx.alarm().awaitsSomeone() ? "We are asking others to go to " + ctx.called() + "."
                            : "Someone is already looking after " + ctx.called() + "."), false, null);
        }
        boolean acknowledged;
        try {
            acknowledged = ctx.alarm().awaitsSomeone() && actions.acknowledge(AlarmId.of(ctx.alarm().alarmId()),
                    ctx.by(), "going, by their attend link", now);
        } catch (RuntimeException e) {
            // The answer must not be lost: free the link so that it can be used again.
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM attend_answers WHERE token_hash = ?")) {
                    ps.setString(1, ctx.link().tokenHash());
                    return ps.executeUpdate();
                }
            });
            throw e;
        }
        if (!acknowledged) {
            db.inTransaction(c -> {
                EscalationSql.event(c, ctx.alarm().alarmId(), now, "attend.going-late", ctx.by()
                        + " said they are going, after the alarm had been taken on", null);
                return null;
            });
            return new Page(200, "Help is already on the way", "Thank you, " + ctx.firstName() + ". Someone had"
                    + " already taken this on just before you, so you do not need to go to " + ctx.called()
                    + ".", false, null);
        }
        db.inTransaction(c -> {
            EscalationSql.event(c, ctx.alarm().alarmId(), now, "attend.going", ctx.by() + " is going", null);
            EscalationSql.stop(c, ctx.alarm().alarmId(), now, "attended by " + ctx.by());
            tellOthers(c, ctx, now);
            return null;
        });
        return new Page(200, "Thank you, " + ctx.firstName(), "We have told everyone that you are on the way to "
                + ctx.called() + ", and " + ctx.called() + "'s alarm says that help is coming.", false, null);
    }

    /** "Sam is on the way", to everyone else the chain told about this alarm. */
    private void tellOthers(Connection c, Context ctx, Instant now) throws SQLException {
        TenantId tenant = TenantId.of(ctx.alarm().tenant());
        ResidentId resident = ResidentId.of(ctx.alarm().resident());
        List<CircleMember> circle = directory.circle(tenant, resident);
        Optional<Resident> r = directory.resident(tenant, resident);
        String calledName = r.map(Resident::calledName).orElse("the resident");
        String shortName = r.map(x -> Messages.shortName(x.calledName(), x.familyName())).orElse(calledName);
        String attendee = ctx.member().name() + " (" + ctx.member().role().name().toLowerCase(Locale.ROOT) + ")";
        for (Told t : EscalationSql.told(c, ctx.alarm().alarmId())) {
            if (t.contactId().equals(ctx.member().contactId()) || t.channel() == Channel.WEBHOOK) {
                continue;
            }
            CircleMember m = circle.stream().filter(x -> x.contactId().equals(t.contactId())).findFirst()
                    .orElse(null);
            boolean close = m != null && (m.role() == CircleRole.FAMILY || m.role() == CircleRole.NEIGHBOUR);
            String called = close ? EscalationSql.called(m, calledName) : shortName;
            String name = close ? ctx.firstName() : attendee;
            EscalationSql.queue(c, new Queued(ctx.alarm().alarmId() + "/attending/" + t.contactId() + "/"
                    + t.channel(), ctx.alarm().alarmId(), EscalationSql.ATTENDING, 0, 0, t.contactId(), t.name(),
                    t.role(), t.channel(), t.address(), Messages.subject(called), Messages.onTheWay(name, called),
                    null, "queued", null), now);
        }
    }
}
