package dev.ciampack.authenticators.sms.spi;

/** A message was not accepted for delivery. The message must not contain the text or the full number. */
public class SmsException extends Exception {

    private static final long serialVersionUID = 1L;

    public SmsException(String message) {
        super(message);
    }

    public SmsException(String message, Throwable cause) {
        super(message, cause);
    }
}
