package dev.ciampack.authenticators.profiling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;

/**
 * Keeps the {@link QuestionPage} components of a realm in line with its policy: one component per question, with its
 * position and the benefit texts of its message key. While this runs, the page's own hooks stand aside (the policy is
 * already written).
 */
final class QuestionComponents {

    private static final String SYNCING = "ciam.profile.question-components.syncing";
    private static final String WRITING = "ciam.profile.question-components.writing";

    private QuestionComponents() {
    }

    static Stream<ComponentModel> all(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), QuestionPage.PROVIDER_TYPE)
                .filter(c -> QuestionPage.PROVIDER_ID.equals(c.getProviderId()));
    }

    static boolean syncing(KeycloakSession session) {
        return session.getAttribute(SYNCING) != null;
    }

    /** Runs the page's own write of the policy (Keycloak checks it with the required action's validation again). */
    static void writing(KeycloakSession session, Runnable write) {
        session.setAttribute(WRITING, Boolean.TRUE);
        try {
            write.run();
        } finally {
            session.removeAttribute(WRITING);
        }
    }

    /** Whether the page is writing the policy: the page brings its items in line itself. */
    static boolean writing(KeycloakSession session) {
        return session.getAttribute(WRITING) != null;
    }

    /**
     * Creates, updates and removes the realm's question components to match {@code policy}.
     *
     * @param current the attribute of a question whose item Keycloak is saving or deleting (left for it to finish),
     *                or null
     */
    static void sync(KeycloakSession session, RealmModel realm, String policy, String current) {
        List<ProfilingPolicy.Question> questions;
        try {
            questions = ProfilingPolicy.parse(policy, null).questions();
        } catch (InvalidPolicyException e) {
            return; // A policy that does not parse is refused where it is written; there is nothing to show.
        }
        session.setAttribute(SYNCING, Boolean.TRUE);
        try {
            Set<String> seen = new HashSet<>();
            if (current != null) {
                seen.add(current);
            }
            for (ComponentModel component : new ArrayList<>(all(realm).toList())) {
                String attribute = QuestionConfig.attribute(component.getConfig());
                if (current != null && current.equals(attribute)) {
                    continue;
                }
                int index = indexOf(questions, attribute);
                if (index < 0 || !seen.add(attribute)) {
                    realm.removeComponent(component);
                    continue;
                }
                var config = QuestionConfig.config(questions.get(index), index, texts(realm, questions.get(index)));
                if (!config.equals(component.getConfig())) {
                    component.setConfig(config);
                    realm.updateComponent(component);
                }
            }
            for (int i = 0; i < questions.size(); i++) {
                ProfilingPolicy.Question q = questions.get(i);
                if (!seen.contains(q.attribute())) {
                    ComponentModel component = new ComponentModel();
                    component.setName(q.attribute());
                    component.setParentId(realm.getId());
                    component.setProviderId(QuestionPage.PROVIDER_ID);
                    component.setProviderType(QuestionPage.PROVIDER_TYPE);
                    component.setConfig(QuestionConfig.config(q, i, texts(realm, q)));
                    realm.addComponentModel(component);
                }
            }
        } finally {
            session.removeAttribute(SYNCING);
        }
    }

    /** Puts {@code texts} under {@code key} in the realm's localization texts; languages no longer given lose it. */
    static void saveBenefitTexts(KeycloakSession session, RealmModel realm, String key, Map<String, String> texts) {
        RealmProvider realms = session.realms();
        realm.getRealmLocalizationTexts().forEach((language, messages) -> {
            if (messages.containsKey(key) && !texts.containsKey(language)) {
                realms.deleteLocalizationText(realm, language, key);
            }
        });
        texts.forEach((language, text) -> realms.saveLocalizationText(realm, language, key, text));
    }

    private static Map<String, String> texts(RealmModel realm, ProfilingPolicy.Question q) {
        String key = QuestionConfig.benefitKey(q);
        Map<String, String> texts = new LinkedHashMap<>();
        realm.getRealmLocalizationTexts().forEach((language, messages) -> {
            if (messages.containsKey(key)) {
                texts.put(language, messages.get(key));
            }
        });
        return texts;
    }

    private static int indexOf(List<ProfilingPolicy.Question> questions, String attribute) {
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i).attribute().equals(attribute)) {
                return i;
            }
        }
        return -1;
    }
}
