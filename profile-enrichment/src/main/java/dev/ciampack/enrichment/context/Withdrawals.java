package dev.ciampack.enrichment.context;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

import dev.ciampack.consent.spi.ConsentChangedEvent;
import dev.ciampack.consent.spi.Decision;
import dev.ciampack.enrichment.api.EnrichmentAttributes;

/**
 * A withdrawal takes effect at once, in the withdrawing transaction: withdrawing the anonymous-id
 * purpose removes the linked anonymous ids, withdrawing the segments purpose removes the segments (and
 * with them the personalization claim's segments), not at the person's next sign-in.
 */
final class Withdrawals {

    private Withdrawals() {
    }

    static void onEvent(ProviderEvent event) {
        if (!(event instanceof ConsentChangedEvent changed) || changed.record().decision() != Decision.WITHDRAWN) {
            return;
        }
        LoginContextSettings settings = settings(changed.realm());
        String purpose = changed.record().purposeId();
        UserModel user = changed.user();
        if (purpose.equals(settings.anonymousIdPurpose()) && user.getFirstAttribute(EnrichmentAttributes.ANONYMOUS_IDS) != null) {
            user.removeAttribute(EnrichmentAttributes.ANONYMOUS_IDS);
        }
        if (purpose.equals(settings.segmentsPurpose()) && user.getFirstAttribute(EnrichmentAttributes.SEGMENTS) != null) {
            user.removeAttribute(EnrichmentAttributes.SEGMENTS);
        }
    }

    private static LoginContextSettings settings(RealmModel realm) {
        return Segments.settings(realm);
    }
}
