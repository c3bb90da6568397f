package dev.ciampack.enrichment.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

import java.util.Set;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ConfiguredProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.validate.AbstractStringValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidationResult;
import org.keycloak.validate.ValidatorConfig;

/**
 * {@code ciam-not-junk}: a User Profile validator that refuses placeholder words, long runs of one
 * character and keyboard walks. Attach it to any text attribute in the realm's User Profile.
 */
public final class NotJunkValidator extends AbstractStringValidator implements ConfiguredProvider {

    public static final String ID = "ciam-not-junk";
    public static final String MESSAGE = "ciam-not-junk.error";
    public static final String WORDS = "words";
    public static final String EXTRA_WORDS = "extra-words";
    public static final String MAX_RUN = "max-run";
    public static final int MIN_MAX_RUN = 2;
    public static final int MAX_MAX_RUN = 10;

    private static final Set<String> DEFAULT_WORDS = NotJunkRules.words(NotJunkRules.DEFAULT_WORDS);

    @Override
    public String getId() {
        return ID;
    }

    @Override
    protected void doValidate(String value, String inputHint, ValidationContext context, ValidatorConfig config) {
        if (NotJunkRules.check(value, words(config), maxRun(config)).isPresent()) {
            context.addError(new ValidationError(ID, inputHint, MESSAGE));
        }
    }

    @Override
    public ValidationResult validateConfig(KeycloakSession session, ValidatorConfig config) {
        Set<ValidationError> errors = new LinkedHashSet<>();
        Object raw = config == null ? null : config.get(MAX_RUN);
        if (raw != null && !raw.toString().isBlank()) {
            try {
                int maxRun = Integer.parseInt(raw.toString().trim());
                if (maxRun < MIN_MAX_RUN || maxRun > MAX_MAX_RUN) {
                    errors.add(new ValidationError(ID, MAX_RUN, "ciam-not-junk.config.max-run", MIN_MAX_RUN, MAX_MAX_RUN));
                }
            } catch (NumberFormatException e) {
                errors.add(new ValidationError(ID, MAX_RUN, "ciam-not-junk.config.max-run", MIN_MAX_RUN, MAX_MAX_RUN));
            }
        }
        return new ValidationResult(errors);
    }

    static int maxRun(ValidatorConfig config) {
        Object raw = config == null ? null : config.get(MAX_RUN);
        if (raw == null || raw.toString().isBlank()) {
            return NotJunkRules.DEFAULT_MAX_RUN;
        }
        return Integer.parseInt(raw.toString().trim());
    }

    /** {@code words} replaces the default list, {@code extra-words} adds to it (comma-separated or a list). */
    static Set<String> words(ValidatorConfig config) {
        if (config == null) {
            return DEFAULT_WORDS;
        }
        List<String> replaced = list(config.get(WORDS));
        List<String> extra = list(config.get(EXTRA_WORDS));
        if (replaced.isEmpty() && extra.isEmpty()) {
            return DEFAULT_WORDS;
        }
        List<String> all = new ArrayList<>(replaced.isEmpty() ? NotJunkRules.DEFAULT_WORDS : replaced);
        all.addAll(extra);
        return NotJunkRules.words(all);
    }

    private static List<String> list(Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (raw instanceof List<?> list) {
            return list.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return Arrays.stream(raw.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public String getHelpText() {
        return "Refuses placeholder words (test, n/a, asdf ...), runs of one character longer than max-run, "
                + "and keyboard or alphabet walks (qwerty, abcd, 1234).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(WORDS).label("Placeholder words").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Replaces the built-in list of refused words.").add()
                .property().name(EXTRA_WORDS).label("Extra placeholder words").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Added to the built-in (or replaced) list.").add()
                .property().name(MAX_RUN).label("Longest run of one character").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(String.valueOf(NotJunkRules.DEFAULT_MAX_RUN))
                .helpText("Values with a longer run of one character are refused (" + MIN_MAX_RUN + " to "
                        + MAX_MAX_RUN + ").").add()
                .build();
    }

}
