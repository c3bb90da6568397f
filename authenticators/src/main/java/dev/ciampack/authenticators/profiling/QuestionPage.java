package dev.ciampack.authenticators.profiling;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import dev.ciampack.common.ConsoleForms;

/**
 * The admin console page {@code ciam-profile-questions}: the progressive-profiling questions of a realm, one realm
 * component each. The questions stay in the policy of the required action {@code ciam-progressive-profile} (its one
 * store, which Keycloak's required-action configuration API also writes); the page's save goes through
 * {@link QuestionConfig#merge}, i.e. {@link ProfilingPolicy#parse} with the realm's attributes, clients and purposes,
 * and puts the benefit text of each language into the realm's localization texts. Every write of the policy (this
 * page, the required action's configuration) brings the components in line ({@link QuestionComponents}).
 */
public final class QuestionPage implements UiPageProviderFactory<ComponentModel> {

    public static final String PROVIDER_ID = "ciam-profile-questions";
    public static final String PROVIDER_TYPE = UiPageProvider.class.getName();

    private static final List<ProviderConfigProperty> PROPERTIES = ConsoleForms.keyed(PROVIDER_ID,
            ProviderConfigurationBuilder.create()
            .property().name(QuestionConfig.ATTRIBUTE).type(ProviderConfigProperty.STRING_TYPE)
            .required(true).add()
            .property().name(QuestionConfig.POSITION).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(QuestionConfig.BENEFIT_TEXT)
            .type(ProviderConfigProperty.MAP_TYPE).add()
            .property().name(QuestionConfig.FROM_SIGN_IN).type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("1")
            .add()
            .property().name(QuestionConfig.CLIENTS).type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(QuestionConfig.PURPOSE).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(QuestionConfig.SCOPE).type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(QuestionConfig.SKIPPABLE).type(ProviderConfigProperty.BOOLEAN_TYPE)
            .defaultValue("true").add()
            .property().name(QuestionConfig.SNOOZE_DAYS).type(ProviderConfigProperty.STRING_TYPE)
            .defaultValue("30").add()
            .property().name(QuestionConfig.SNOOZE_SIGN_INS)
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("0").add()
            .property().name(QuestionConfig.BENEFIT)
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .build());

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return ConsoleForms.help(PROVIDER_ID);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(QuestionConfig.ATTRIBUTE, QuestionConfig.POSITION,
                QuestionConfig.FROM_SIGN_IN));
    }

    /**
     * The required action's validation of the policy with this question in it, a fixed, realm-unique attribute; then
     * the write. The write happens here, before Keycloak stores the component, because within the transaction
     * Keycloak reads a component back with its old and new config rows once it has updated it.
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        ConsoleForms.clean(model, stored);
        String attribute = QuestionConfig.attribute(model.getConfig());
        model.setName(attribute);
        if (QuestionComponents.syncing(session)) {
            return;
        }
        if (realm.getRequiredActionProviderByAlias(ProgressiveProfileFactory.PROVIDER_ID) == null) {
            throw ConsoleForms.refusal("the required action CIAM progressive profiling is not in this realm: add it in "
                    + "Authentication, Required actions, then add its questions here");
        }
        if (stored != null && attribute != null && !attribute.equals(QuestionConfig.attribute(stored.getConfig()))) {
            throw ConsoleForms.refusal("a question's attribute cannot change: delete this question and add another");
        }
        boolean taken = attribute != null && QuestionComponents.all(realm).anyMatch(c -> !c.getId().equals(model.getId())
                && attribute.equals(QuestionConfig.attribute(c.getConfig())));
        if (taken) {
            throw ConsoleForms.refusal("a question about '" + attribute + "' exists: edit it instead");
        }
        QuestionConfig.Merged merged;
        try {
            merged = QuestionConfig.merge(policy(realm), model.getConfig(),
                    ProgressiveProfileFactory.realmFacts(session, realm));
        } catch (InvalidPolicyException e) {
            throw ConsoleForms.refusal(String.join("; ", e.errors()));
        }
        List<ProfilingPolicy.Question> questions = ProfilingPolicy.parse(merged.policy(), null).questions();
        for (int i = 0; i < questions.size(); i++) {
            if (questions.get(i).attribute().equals(attribute)) {
                model.setConfig(QuestionConfig.config(questions.get(i), i, merged.benefitTexts()));
            }
        }
        write(session, realm, merged.policy());
        QuestionComponents.saveBenefitTexts(session, realm, merged.benefitKey(), merged.benefitTexts());
        QuestionComponents.sync(session, realm, merged.policy(), attribute);
    }

    /** Deleting a question on the page takes it out of the policy; answers people gave stay on their profiles. */
    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (QuestionComponents.syncing(session)) {
            return;
        }
        String attribute = QuestionConfig.attribute(model.getConfig());
        String policy = QuestionConfig.without(policy(realm), attribute);
        write(session, realm, policy);
        QuestionComponents.sync(session, realm, policy, attribute);
    }

    static String policy(RealmModel realm) {
        RequiredActionConfigModel model = realm.getRequiredActionConfigByAlias(ProgressiveProfileFactory.PROVIDER_ID);
        return model == null || model.getConfig() == null ? null : model.getConfig().get(ProgressiveProfileFactory.POLICY);
    }

    private static void write(KeycloakSession session, RealmModel realm, String policy) {
        RequiredActionConfigModel model = realm.getRequiredActionConfigByAlias(ProgressiveProfileFactory.PROVIDER_ID);
        if (model == null) {
            model = new RequiredActionConfigModel();
            model.setAlias(ProgressiveProfileFactory.PROVIDER_ID);
            model.setProviderId(ProgressiveProfileFactory.PROVIDER_ID);
        }
        Map<String, String> config = new HashMap<>(model.getConfig() == null ? Map.of() : model.getConfig());
        config.put(ProgressiveProfileFactory.POLICY, policy);
        model.setConfig(config);
        RequiredActionConfigModel written = model;
        QuestionComponents.writing(session, () -> realm.updateRequiredActionConfig(written));
        ProgressiveProfileFactory.declareStateAttributes(session, realm);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
