package dev.ciampack.enrichment.validation;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What makes a value junk, without a server: a placeholder word, a run of one character longer than
 * allowed, or a walk along a keyboard row or the alphabet.
 */
public final class NotJunkRules {

    /** Placeholder words refused by default (English and Brazilian Portuguese), compared normalized. */
    public static final List<String> DEFAULT_WORDS = List.of(
            "test", "testing", "teste", "asdf", "qwerty", "n/a", "none", "null", "nil", "nothing", "unknown",
            "x", "xx", "xxx", "abc", "aaa", "foo", "bar", "foobar", "lorem", "ipsum", "dummy", "sample", "blah",
            "idk", "nada", "nenhum", "nenhuma", "desconhecido", "não", "não tem", "s/n");

    public static final int DEFAULT_MAX_RUN = 3;

    private static final List<String> SEQUENCES = List.of(
            "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop", "yxcvbnm",
            "1234567890", "abcdefghijklmnopqrstuvwxyz");
    private static final int MIN_SEQUENCE = 4;

    /** Why a value was refused. */
    public enum Reason {
        PLACEHOLDER, REPEATED, KEYBOARD
    }

    private NotJunkRules() {
    }

    /** The reason {@code value} is junk, or empty if it looks like a real answer. */
    public static Optional<Reason> check(String value, Set<String> words, int maxRun) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String compact = normalize(value);
        if (compact.isEmpty() || words.contains(compact)) {
            return Optional.of(Reason.PLACEHOLDER);
        }
        if (longestRun(value.toLowerCase(Locale.ROOT)) > maxRun) {
            return Optional.of(Reason.REPEATED);
        }
        if (compact.length() >= MIN_SEQUENCE && isKeyboardWalk(compact)) {
            return Optional.of(Reason.KEYBOARD);
        }
        return Optional.empty();
    }

    /** Normalized word list: lower case, accents, spaces and punctuation removed. */
    public static Set<String> words(List<String> words) {
        return words.stream().map(NotJunkRules::normalize).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }

    /** Lower case, accents removed, only letters and digits kept ("N/A" and "n.a." become "na"). */
    static String normalize(String value) {
        String decomposed = Normalizer.normalize(value.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder();
        decomposed.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }

    static int longestRun(String value) {
        int longest = 0;
        int current = 0;
        int previous = -1;
        for (int cp : value.codePoints().toArray()) {
            current = cp == previous ? current + 1 : 1;
            longest = Math.max(longest, current);
            previous = cp;
        }
        return longest;
    }

    static boolean isKeyboardWalk(String compact) {
        for (String sequence : SEQUENCES) {
            String reversed = new StringBuilder(sequence).reverse().toString();
            if (sequence.contains(compact) || reversed.contains(compact)) {
                return true;
            }
        }
        return false;
    }
}
