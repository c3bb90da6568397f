package dev.ciampack.testsuite.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MailboxTest {

    @Test
    @DisplayName("the code is the line holding only digits, not digits inside a realm name")
    void codeIsTheDigitsOnlyLine() throws Exception {
        MimeMessage mail = new MimeMessage((Session) null);
        mail.setText("Use this code to sign in to t-emailcodesecondstepit-fd250484:\n\n093871\n\nThe code is valid for 5 min.",
                "UTF-8");
        mail.saveChanges();

        assertThat(Mailbox.code(mail, 6)).isEqualTo("093871");
    }
}
