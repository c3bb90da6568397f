package dev.ciampack.consent.store.page;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.ciampack.consent.spi.Purpose;

/**
 * Keeps the {@link PurposePage} components of a realm in line with its purposes: one component per purpose, with
 * the purpose's fields; a component whose purpose is gone (retired through the REST API) is removed.
 */
public final class PurposeComponents {

    /** Session attribute naming the component being deleted on the page (its removal is Keycloak's to finish). */
    static final String REMOVING = "ciam.consent.purpose-component.removing";

    private PurposeComponents() {
    }

    static Stream<ComponentModel> all(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), PurposePage.PROVIDER_TYPE)
                .filter(c -> PurposePage.PROVIDER_ID.equals(c.getProviderId()));
    }

    /** Creates, updates and removes the realm's purpose components so that there is one per purpose, equal to it. */
    public static void sync(KeycloakSession session, RealmModel realm, List<Purpose> purposes) {
        Object removing = session.getAttribute(REMOVING);
        Set<String> seen = new HashSet<>();
        List<ComponentModel> components = new ArrayList<>(all(realm).toList());
        for (ComponentModel component : components) {
            String id = PurposeConfig.id(component.getConfig());
            Purpose purpose = purposes.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
            if (purpose == null || !seen.add(id)) {
                if (!component.getId().equals(removing)) {
                    realm.removeComponent(component);
                }
            } else if (!same(component.getConfig(), purpose)) {
                component.setConfig(PurposeConfig.config(purpose));
                component.setName(purpose.id());
                realm.updateComponent(component);
            }
        }
        for (Purpose purpose : purposes) {
            if (!seen.contains(purpose.id())) {
                ComponentModel component = new ComponentModel();
                component.setName(purpose.id());
                component.setParentId(realm.getId());
                component.setProviderId(PurposePage.PROVIDER_ID);
                component.setProviderType(PurposePage.PROVIDER_TYPE);
                component.setConfig(PurposeConfig.config(purpose));
                realm.addComponentModel(component);
            }
        }
    }

    private static boolean same(Map<String, List<String>> config, Purpose purpose) {
        return PurposeConfig.config(purpose).equals(config);
    }
}
