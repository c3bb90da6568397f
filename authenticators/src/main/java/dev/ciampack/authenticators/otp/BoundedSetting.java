package dev.ciampack.authenticators.otp;

import java.util.List;
import java.util.Map;

/**
 * An integer setting with a default and safe bounds. The default is what runs when the realm has no
 * configuration; a configured value outside the bounds is refused (never clamped) with a message
 * naming the setting, the value and the allowed range.
 */
public record BoundedSetting(String key, String label, int defaultValue, int min, int max) {

    public BoundedSetting {
        if (defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException("default of " + key + " outside its bounds");
        }
    }

    /** The configured value, or the default; adds a message to {@code errors} if it is refused. */
    public int read(Map<String, String> config, List<String> errors) {
        String raw = config == null ? null : config.get(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                errors.add(label + " (" + key + ") is " + value + "; allowed: " + min + " to " + max);
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            errors.add(label + " (" + key + ") must be a whole number from " + min + " to " + max
                    + ", not '" + abbreviate(raw) + "'");
            return defaultValue;
        }
    }

    /** Declares integer settings for the admin console, with their range and default in the help text. */
    public static void describe(org.keycloak.provider.ProviderConfigurationBuilder builder, List<BoundedSetting> settings) {
        for (BoundedSetting setting : settings) {
            builder.property()
                    .name(setting.key())
                    .label(setting.label())
                    .type(org.keycloak.provider.ProviderConfigProperty.INTEGER_TYPE)
                    .defaultValue(String.valueOf(setting.defaultValue()))
                    .helpText(setting.label() + ": " + setting.min() + " to " + setting.max() + " (default "
                            + setting.defaultValue() + "). Values outside the range stop the step with an error.")
                    .add();
        }
    }

    private static String abbreviate(String raw) {
        String clean = raw.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 20 ? clean.substring(0, 20) + "..." : clean;
    }
}
