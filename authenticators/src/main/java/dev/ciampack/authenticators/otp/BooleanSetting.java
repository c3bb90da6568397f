package dev.ciampack.authenticators.otp;

import java.util.List;
import java.util.Map;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** A true/false setting with a default; anything else is refused with a message naming the setting. */
public record BooleanSetting(String key, String label, boolean defaultValue) {

    /** The configured value, or the default; adds a message to {@code errors} if it is refused. */
    public boolean read(Map<String, String> config, List<String> errors) {
        String raw = config == null ? null : config.get(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        if (!raw.equals("true") && !raw.equals("false")) {
            errors.add(label + " (" + key + ") must be true or false");
            return defaultValue;
        }
        return Boolean.parseBoolean(raw);
    }

    /** Declares the setting for the admin console. */
    public void describe(ProviderConfigurationBuilder builder, String helpText) {
        builder.property().name(key).label(label).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(String.valueOf(defaultValue)).helpText(helpText).add();
    }
}
