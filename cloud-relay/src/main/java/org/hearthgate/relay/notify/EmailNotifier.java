package org.hearthgate.relay.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * E-mail over SMTP (Jakarta Mail, Eclipse Angus). Plain text with a minimal HTML alternative. The idempotency key
 * goes in {@code X-Hearthgate-Idempotency-Key} and, hashed, into a {@code Message-ID} that is the same for every
 * attempt at one key, so a mailbox that drops duplicate Message-IDs drops a repeat. Classification: an SMTP 5xx
 * (bad recipient, refused login, refused message) is permanent; a 4xx and any connection problem are transient.
 */
public final class EmailNotifier implements Notifier {
    public static final String IDEMPOTENCY_HEADER = "X-Hearthgate-Idempotency-Key";
    private static final Pattern REPLY_CODE = Pattern.compile("(?:^|\\D)([245]\\d\\d)(?:[ -]|$)");
    private static final Pattern EMAIL = Pattern.compile("<?[^\\s<>@]+@[^\\s<>@]+>?");

    private final NotifyConfig.Smtp smtp;
    private final Session session;
    private final InternetAddress from;
    private final String domain;
    private final Clock clock;

    public EmailNotifier(NotifyConfig.Smtp smtp, Clock clock) {
        this.smtp = smtp;
        this.clock = clock;
        try {
            this.from = new InternetAddress(smtp.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("from: not an e-mail address");
        }
        this.domain = smtp.from().substring(smtp.from().indexOf('@') + 1);
        this.session = Session.getInstance(properties(smtp));
    }

    private static Properties properties(NotifyConfig.Smtp smtp) {
        var p = new Properties();
        String timeout = Long.toString(smtp.timeoutSeconds() * 1000L);
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", smtp.host());
        p.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
        p.setProperty("mail.smtp.connectiontimeout", timeout);
        p.setProperty("mail.smtp.timeout", timeout);
        p.setProperty("mail.smtp.writetimeout", timeout);
        p.setProperty("mail.smtp.auth", Boolean.toString(smtp.username() != null));
        switch (smtp.security()) {
            case STARTTLS -> {
                p.setProperty("mail.smtp.starttls.enable", "true");
                // a server that stops offering STARTTLS must not get the message in clear text
                p.setProperty("mail.smtp.starttls.required", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.setProperty("mail.smtp.ssl.enable", "true");
                p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> {
            }
        }
        return p;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Delivery send(Outgoing message) {
        InternetAddress to;
        try {
            to = new InternetAddress(message.address(), true);
        } catch (AddressException e) {
            return new Delivery.Permanent("not an e-mail address");
        }
        String messageId = messageId(message.idempotencyKey());
        try {
            MimeMessage mail = new KeyedMessage(session, messageId);
            mail.setFrom(from);
            mail.setRecipient(Message.RecipientType.TO, to);
            mail.setSubject(oneLine(message.subject() == null ? "" : message.subject()), "UTF-8");
            mail.setSentDate(Date.from(clock.instant()));
            mail.setHeader(IDEMPOTENCY_HEADER, oneLine(message.idempotencyKey()));
            mail.setHeader("Auto-Submitted", "auto-generated");
            var text = new MimeBodyPart();
            text.setText(message.text(), "UTF-8", "plain");
            var html = new MimeBodyPart();
            html.setText(html(message.text()), "UTF-8", "html");
            var alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text); // the last part is the preferred one: HTML for mail apps that show it
            alternative.addBodyPart(html);
            mail.setContent(alternative);
            if (smtp.username() != null) {
                Transport.send(mail, smtp.username(), smtp.password());
            } else {
                Transport.send(mail);
            }
            return new Delivery.Sent(messageId);
        } catch (MessagingException e) {
            return classify(e);
        }
    }

    /**
     * 5xx permanent, 4xx transient, no answer transient. Walks the exception chain, because Jakarta Mail wraps the
     * reply for a refused recipient inside a {@code SendFailedException}.
     */
    static Delivery classify(MessagingException top) {
        Integer code = null;
        boolean io = false;
        boolean loginRefused = false;
        String text = null;
        for (Throwable t = top; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException a) {
                code = a.getReturnCode();
                text = "recipient refused: " + a.getMessage();
                break;
            }
            if (t instanceof SMTPSenderFailedException s) {
                code = s.getReturnCode();
                text = "sender refused: " + s.getMessage();
                break;
            }
            if (t instanceof SMTPSendFailedException s) {
                code = s.getReturnCode();
                text = "message refused: " + s.getMessage();
                break;
            }
            if (t instanceof AuthenticationFailedException) {
                loginRefused = true;
                text = "login refused: " + t.getMessage();
            }
            if (t instanceof IOException) {
                io = true;
                text = "cannot reach the SMTP server (" + t.getClass().getSimpleName() + ")";
            }
        }
        if (code == null && !io) {
            code = replyCode(top.getMessage());
        }
        String reason = "SMTP " + (code == null ? "" : code + " ") + clean(text == null ? top.getMessage() : text);
        if (code != null && code >= 500) {
            return new Delivery.Permanent(reason);
        }
        if (code == null && loginRefused) {
            // refused credentials stay refused until someone fixes the configuration
            return new Delivery.Permanent(reason);
        }
        return new Delivery.Transient(reason, null);
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static Integer replyCode(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = REPLY_CODE.matcher(message);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** Reasons go to delivery records: one line, short, and without any e-mail address the server echoed. */
    private static String clean(String text) {
        String t = EMAIL.matcher(text == null ? "" : text).replaceAll("<address>").replaceAll("\\s+", " ").trim();
        return t.length() > 200 ? t.substring(0, 200) : t;
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }

    private String messageId(String idempotencyKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "<hg." + HexFormat.of().formatHex(hash, 0, 16) + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String html(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        return "<!DOCTYPE html><html><body><p style=\"font-size:18px;line-height:1.5\">"
                + escaped.replace("\r\n", "\n").replace("\n", "<br>")
                        .replaceAll("(https://[^\\s<\"]+)", "<a href=\"$1\">$1</a>")
                + "</p></body></html>";
    }

    /** Keeps our Message-ID: Jakarta Mail would otherwise make a new random one on every send. */
    private static final class KeyedMessage extends MimeMessage {
        private final String messageId;

        KeyedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
