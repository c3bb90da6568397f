package dev.ciampack.testsuite.mail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;

import dev.ciampack.testsuite.junit.Await;

/** Reads what Keycloak sent to the in-JVM SMTP server: per recipient, waiting, by MIME part. */
public final class Mailbox {

    private final GreenMail mail;

    public Mailbox(GreenMail mail) {
        this.mail = mail;
    }

    /** Messages received for {@code address}, oldest first. */
    public List<MimeMessage> to(String address) {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            try {
                if (Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                    found.add(message);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    /** Waits until {@code address} has more than {@code seen} messages and returns the newest. */
    public MimeMessage awaitNext(String address, int seen, Duration timeout) {
        List<MimeMessage> messages = Await.until(() -> to(address), m -> m.size() > seen, timeout);
        if (messages.size() > seen) {
            return messages.get(messages.size() - 1);
        }
        throw new AssertionError("no new mail for " + address + " within " + timeout + " (had " + seen + ")");
    }

    /** The text/plain part. */
    public static String text(MimeMessage message) {
        return part(message, "text/plain").orElseThrow(() -> new AssertionError("no text/plain part"));
    }

    /** The text/html part. */
    public static String html(MimeMessage message) {
        return part(message, "text/html").orElseThrow(() -> new AssertionError("no text/html part"));
    }

    /**
     * The code in the plain-text part: a line holding exactly {@code digits} digits and nothing else (a
     * looser pattern would also match digits inside, say, a realm name).
     */
    public static String code(MimeMessage message, int digits) {
        Matcher m = Pattern.compile("(?m)^\\s*([0-9]{" + digits + "})\\s*$").matcher(text(message));
        if (!m.find()) {
            throw new AssertionError("no " + digits + "-digit code in the mail");
        }
        return m.group(1);
    }

    /** The first link in the plain-text part whose address contains {@code marker}. */
    public static String link(MimeMessage message, String marker) {
        Matcher m = Pattern.compile("(?m)(https?://\\S+)").matcher(text(message));
        while (m.find()) {
            if (m.group(1).contains(marker)) {
                return m.group(1);
            }
        }
        throw new AssertionError("no link containing '" + marker + "' in the mail");
    }

    private static Optional<String> part(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return Optional.of((String) part.getContent());
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    Optional<String> found = part(body, type);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
