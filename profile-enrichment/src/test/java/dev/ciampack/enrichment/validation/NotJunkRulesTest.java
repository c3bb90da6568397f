package dev.ciampack.enrichment.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NotJunkRulesTest {

    private static final Set<String> WORDS = NotJunkRules.words(NotJunkRules.DEFAULT_WORDS);

    @ParameterizedTest(name = "\"{0}\" is a placeholder")
    @ValueSource(strings = {"test", "TEST", " Teste ", "N/A", "n.a.", "none", "-", "...", "Não", "nao tem", "x"})
    @DisplayName("placeholder words are refused, whatever their case, accents and punctuation")
    void placeholders(String value) {
        assertThat(NotJunkRules.check(value, WORDS, 3)).contains(NotJunkRules.Reason.PLACEHOLDER);
    }

    @ParameterizedTest(name = "\"{0}\" is a keyboard walk")
    @ValueSource(strings = {"qwerty", "asdf", "ASDFGH", "zxcvb", "1234", "98765", "abcd", "lkjh", "azerty"})
    @DisplayName("walks along a keyboard row or the alphabet are refused")
    void keyboardWalks(String value) {
        assertThat(NotJunkRules.check(value, Set.of(), 3)).contains(NotJunkRules.Reason.KEYBOARD);
    }

    @ParameterizedTest(name = "\"{0}\" repeats a character")
    @ValueSource(strings = {"aaaa", "Aaaargh", "zzzzzz", "1111", "hmmmm"})
    @DisplayName("runs of one character longer than allowed are refused")
    void runs(String value) {
        assertThat(NotJunkRules.check(value, Set.of(), 3)).contains(NotJunkRules.Reason.REPEATED);
    }

    @ParameterizedTest(name = "\"{0}\" is real")
    @ValueSource(strings = {"Ana", "João da Silva", "Zoë O'Brien", "Mississippi", "apartment", "mid-century modern",
            "boho chic", "Li", "Testa", "Asdrubal", "Bob", "Hmm"})
    @DisplayName("real names and answers pass")
    void realValues(String value) {
        assertThat(NotJunkRules.check(value, WORDS, 3)).isEmpty();
    }

    @Test
    @DisplayName("the run limit and the word list are configurable")
    void configurable() {
        assertThat(NotJunkRules.check("hmmmm", Set.of(), 5)).isEmpty();
        assertThat(NotJunkRules.check("Smith", NotJunkRules.words(List.of("smith")), 3))
                .contains(NotJunkRules.Reason.PLACEHOLDER);
        assertThat(NotJunkRules.check("test", NotJunkRules.words(List.of("smith")), 3)).isEmpty();
        assertThat(NotJunkRules.check("", WORDS, 3)).as("empty values are left to 'required'").isEmpty();
    }
}
