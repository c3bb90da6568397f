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

    /** Session attribute naming the purpose whose page item Keycloak is saving or deleting (its own to finish). */
    private static final String SAVING = "ciam.consent.purpose-components.saving";
    private static final String SYNCING = "ciam.consent.purpose-components.syncing";

    private PurposeComponents() {
    }

    static Stream<ComponentModel> all(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), PurposePage.PROVIDER_TYPE)
                .filter(c -> PurposePage.PROVIDER_ID.equals(c.getProviderId()));
    }

    /** Runs {@code write} with the item of purpose {@code purposeId} left to Keycloak, which is saving or deleting it. */
    static void saving(KeycloakSession session, String purposeId, Runnable write) {
        session.setAttribute(SAVING, purposeId);
        try {
            write.run();
        } finally {
            session.removeAttribute(SAVING);
        }
    }

    /** Whether {@link #sync} is writing the page's items (their own checks then stand aside: the store is written). */
    static boolean syncing(KeycloakSession session) {
        return session.getAttribute(SYNCING) != null;
    }

    /**
     * Creates, updates and removes the realm's purpose components so that there is one per purpose, equal to it;
     * the item of a purpose the page is saving or deleting is left alone.
     */
    public static void sync(KeycloakSession session, RealmModel realm, List<Purpose> purposes) {
        Object saving = session.getAttribute(SAVING);
        session.setAttribute(SYNCING, Boolean.TRUE);
        try {
            Set<String> seen = new HashSet<>();
            if (saving != null) {
                seen.add(saving.toString());
            }
            List<ComponentModel> components = new ArrayList<>(all(realm).toList());
            for (ComponentModel component : components) {
                String id = PurposeConfig.id(component.getConfig());
                if (saving != null && saving.equals(id)) {
                    continue;
                }
                Purpose purpose = purposes.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
                if (purpose == null || !seen.add(id)) {
                    realm.removeComponent(component);
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
        } finally {
            session.removeAttribute(SYNCING);
        }
    }

    private static boolean same(Map<String, List<String>> config, Purpose purpose) {
        return PurposeConfig.config(purpose).equals(config);
    }
}
