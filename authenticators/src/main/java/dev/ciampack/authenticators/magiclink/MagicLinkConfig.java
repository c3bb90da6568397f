package dev.ciampack.authenticators.magiclink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;

import dev.ciampack.authenticators.otp.BoundedSetting;
import dev.ciampack.authenticators.otp.InvalidConfigException;

/** Typed realm settings of the magic-link step; every key, default and bound is declared here once. */
public record MagicLinkConfig(int ttlSeconds, int resendCooldownSeconds, int maxSends, int sendWindowSeconds,
                              CrossDevice crossDevice) {

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
    public static final BoundedSetting RESEND_COOLDOWN =
            new BoundedSetting("resend-cooldown", "Seconds between two links", 30, 10, 300);
    public static final BoundedSetting MAX_SENDS =
            new BoundedSetting("max-sends", "Links per address per window", 3, 1, 10);
    public static final BoundedSetting SEND_WINDOW =
            new BoundedSetting("send-window", "Window for the link budget, in seconds", 900, 300, 86400);

    public static final List<BoundedSetting> SETTINGS = List.of(TTL, RESEND_COOLDOWN, MAX_SENDS, SEND_WINDOW);

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
        MagicLinkConfig parsed = new MagicLinkConfig(TTL.read(config, errors), RESEND_COOLDOWN.read(config, errors),
                MAX_SENDS.read(config, errors), SEND_WINDOW.read(config, errors), crossDevice);
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(MagicLinkAuthenticatorFactory.PROVIDER_ID, errors);
        }
        return parsed;
    }

    public static MagicLinkConfig of(AuthenticatorConfigModel model) {
        return model == null ? DEFAULTS : parse(model.getConfig());
    }
}
