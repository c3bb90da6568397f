package dev.ciampack.authenticators.sms;

import java.util.Locale;
import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone numbers as people type them, turned into E.164 ("+5511987654321") with Google's
 * libphonenumber: spaces, dashes, dots and brackets are fine; letters, control characters and numbers
 * that no numbering plan assigns are not. A number without "+" is read in the default region.
 */
public final class PhoneNumbers {

    /** Longest input looked at. */
    public static final int MAX_INPUT = 32;

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** The number in E.164, or empty when it is not a valid phone number. */
    public static Optional<String> toE164(String typed, String defaultRegion) {
        if (typed == null) {
            return Optional.empty();
        }
        if (typed.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        String text = typed.strip();
        if (text.isEmpty() || text.length() > MAX_INPUT) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || c == '+' || c == ' ' || c == '-' || c == '.' || c == '('
                    || c == ')';
            if (!allowed) {
                return Optional.empty();
            }
        }
        if (text.indexOf('+') > 0 || text.chars().filter(c -> c == '+').count() > 1) {
            return Optional.empty();
        }
        try {
            String region = defaultRegion == null || defaultRegion.isBlank() ? "ZZ"
                    : defaultRegion.toUpperCase(Locale.ROOT);
            PhoneNumber number = UTIL.parse(text, region);
            if (!UTIL.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** Whether a region code (ISO 3166 alpha-2, e.g. "BR") has a numbering plan. */
    public static boolean isRegion(String region) {
        return region != null && UTIL.getSupportedRegions().contains(region.toUpperCase(Locale.ROOT));
    }

    /** "+55*******4321": country code and last four digits, for pages and logs. */
    public static String mask(String e164) {
        if (e164 == null || e164.length() < 8 || !e164.startsWith("+")) {
            return "***";
        }
        String digits = e164.substring(1);
        int countryCode;
        try {
            countryCode = UTIL.parse(e164, "ZZ").getCountryCode();
        } catch (NumberParseException e) {
            countryCode = 0;
        }
        String cc = countryCode == 0 ? "" : String.valueOf(countryCode);
        int hidden = digits.length() - cc.length() - 4;
        return "+" + cc + "*".repeat(Math.max(0, hidden)) + digits.substring(digits.length() - 4);
    }
}
