package dev.ciampack.enrichment.api;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Published (in the sign-in's transaction) when an analytics anonymous id is linked to a person who
 * granted the analytics purpose: downstream this becomes {@code user.identified} (a Segment alias from
 * the anonymous id to the user id).
 */
public record UserIdentifiedEvent(RealmModel realm, UserModel user, String anonymousId, String clientId)
        implements ProviderEvent {
}
