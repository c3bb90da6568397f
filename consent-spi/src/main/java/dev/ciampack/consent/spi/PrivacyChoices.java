package dev.ciampack.consent.spi;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a person reviews and changes their consent and downloads their data: a public address of the
 * consent module that signs the person in (if needed) and opens the review page. Emails of the pack put it
 * in their footer (template attribute {@value #EMAIL_ATTRIBUTE}); the account console's navigation links to it.
 */
public final class PrivacyChoices {

    /** The email template attribute holding {@link #url}. */
    public static final String EMAIL_ATTRIBUTE = "ciamPrivacyUrl";
    /** The consent module's realm REST extension, under {@code /realms/<realm>/}. */
    public static final String RESOURCE = "ciam-consent";

    private PrivacyChoices() {
    }

    /**
     * {@code <server>/realms/<realm>/ciam-consent/review}.
     *
     * @param serverBase the server's base address as Keycloak resolves it for the request
     *                   ({@code session.getContext().getUri().getBaseUri()}, ending in {@code /})
     */
    public static URI url(URI serverBase, String realmName) {
        String base = serverBase.toString().endsWith("/") ? serverBase.toString() : serverBase + "/";
        return URI.create(base + "realms/" + URLEncoder.encode(realmName, StandardCharsets.UTF_8).replace("+", "%20")
                + "/" + RESOURCE + "/review");
    }
}
