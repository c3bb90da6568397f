package dev.ciampack.enrichment.context;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;

import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.enrichment.api.EnrichmentAttributes;

/** A person's segments from the realm's rules: at each sign-in, and when their profile changes. */
final class Segments {

    private static final Logger LOG = Logger.getLogger(Segments.class);

    private Segments() {
    }

    /**
     * Stores the segments the person matches now, sorted, in {@code ciam_segments} (removed when none, or when the
     * person did not grant the segments purpose: segmenting is profiling).
     */
    static void recompute(KeycloakSession session, RealmModel realm, LoginContextSettings settings, UserModel user) {
        if (settings.segments().segments().isEmpty()) {
            return;
        }
        ConsentProvider consent = session.getProvider(ConsentProvider.class);
        if (consent == null || !consent.mayUse(realm, user, settings.segmentsPurpose())) {
            if (user.getFirstAttribute(EnrichmentAttributes.SEGMENTS) != null) {
                user.removeAttribute(EnrichmentAttributes.SEGMENTS);
            }
            return;
        }
        Set<String> granted = new HashSet<>();
        for (String purpose : settings.segments().purposes()) {
            if (consent.mayUse(realm, user, purpose)) {
                granted.add(purpose);
            }
        }
        List<String> segments = List.copyOf(settings.segments().evaluate(user.getAttributes(), granted));
        if (!segments.equals(user.getAttributeStream(EnrichmentAttributes.SEGMENTS).sorted().toList())) {
            if (segments.isEmpty()) {
                user.removeAttribute(EnrichmentAttributes.SEGMENTS);
            } else {
                user.setAttribute(EnrichmentAttributes.SEGMENTS, segments);
            }
        }
    }

    /** The realm's login-context settings; the defaults when none are saved or they cannot be read. */
    static LoginContextSettings settings(RealmModel realm) {
        RequiredActionConfigModel config = realm.getRequiredActionConfigByAlias(LoginContextActionFactory.PROVIDER_ID);
        try {
            return LoginContextSettings.parse(config == null ? null : config.getConfig());
        } catch (IllegalArgumentException e) {
            LOG.debugf("Realm %s: login-context settings unreadable, defaults used: %s", realm.getName(), e.getMessage());
            return LoginContextSettings.DEFAULTS;
        }
    }

    /** Whether the realm uses the login-context step (segments are kept only where it runs). */
    static boolean inUse(RealmModel realm) {
        RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(LoginContextActionFactory.PROVIDER_ID);
        return action != null && action.isEnabled();
    }
}
