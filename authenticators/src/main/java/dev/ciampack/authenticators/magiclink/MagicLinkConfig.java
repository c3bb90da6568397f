package dev.ciampack.authenticators.magiclink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;

import dev.ciampack.authenticators.otp.BoundedSetting;
import dev.ciampack.authenticators.otp.CodeSettings;
import dev.ciampack.authenticators.otp.FirstProof;
import dev.ciampack.authenticators.otp.InvalidConfigException;
import dev.ciampack.authenticators.otp.SendLimits;

/** Typed realm settings of the magic-link step; every key, default and bound is declared here once. */
public record MagicLinkConfig(int ttlSeconds, SendLimits sendLimits, CrossDevice crossDevice,
                              boolean keepEarlierAccess, boolean bruteForceLockout) {

    /** What a link opened in another browser (another device, another browser profile) may do. */
    public enum CrossDevice {
        /** Refused with the same generic page as an invalid link. */
        DENY("deny"),
        /** After confirmation there, the sign-in completes in the browser that asked for the link. */
        CONTINUE_ORIGINAL("continue-original");

        private final String value;

        CrossDevice(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        static CrossDevice parse(String raw) {
            for (CrossDevice mode : values()) {
                if (mode.value.equals(raw)) {
                    return mode;
                }
            }
            return null;
        }
    }

    public static final String CROSS_DEVICE = "cross-device";
    public static final CrossDevice DEFAULT_CROSS_DEVICE = CrossDevice.DENY;

    public static final BoundedSetting TTL = new BoundedSetting("link-ttl", "Link lifetime in seconds", 300, 60, 600);
    public static final List<BoundedSetting> SETTINGS = settings();

    private static List<BoundedSetting> settings() {
        List<BoundedSetting> settings = new ArrayList<>(List.of(TTL));
        settings.addAll(SendLimits.settings("Links", "address"));
        return List.copyOf(settings);
    }

    public static final MagicLinkConfig DEFAULTS = parse(Map.of());

    /** @throws InvalidConfigException listing every refused value */
    public static MagicLinkConfig parse(Map<String, String> config) {
        List<String> errors = new ArrayList<>();
        String raw = config == null ? null : config.get(CROSS_DEVICE);
        CrossDevice crossDevice = raw == null || raw.isBlank() ? DEFAULT_CROSS_DEVICE
                : CrossDevice.parse(raw.strip().toLowerCase(Locale.ROOT));
        if (crossDevice == null) {
            errors.add("Link opened on another device (" + CROSS_DEVICE + ") must be one of "
                    + Arrays.stream(CrossDevice.values()).map(CrossDevice::value).toList());
            crossDevice = DEFAULT_CROSS_DEVICE;
        }
        MagicLinkConfig parsed = new MagicLinkConfig(TTL.read(config, errors),
                SendLimits.read(config, errors, "Links", "address"), crossDevice,
                FirstProof.KEEP_EARLIER_ACCESS.read(config, errors), CodeSettings.BRUTE_FORCE_LOCKOUT.read(config, errors));
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(MagicLinkAuthenticatorFactory.PROVIDER_ID, errors);
        }
        return parsed;
    }

    public static MagicLinkConfig of(AuthenticatorConfigModel model) {
        return model == null ? DEFAULTS : parse(model.getConfig());
    }
}
