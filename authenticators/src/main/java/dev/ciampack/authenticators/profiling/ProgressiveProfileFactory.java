package dev.ciampack.authenticators.profiling;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;
import org.keycloak.validate.ValidationError;

import dev.ciampack.common.ManagedAttributes;
import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.consent.spi.Purpose;

/**
 * "CIAM progressive profiling", a required action. Why a required action rather than an authenticator:
 * Keycloak runs required actions after every way of signing in (browser flow, first broker login,
 * registration, passwordless steps) without editing any flow, each decides for itself at each sign-in
 * whether it is needed, and their configuration can be validated when it is saved, so a bad policy is
 * refused with a clear message instead of failing sign-ins later.
 */
public final class ProgressiveProfileFactory implements RequiredActionFactory {

    public static final String PROVIDER_ID = "ciam-progressive-profile";
    public static final String POLICY = "policy";

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new ProgressiveProfileAction();
    }

    @Override
    public String getDisplayText() {
        return "CIAM progressive profiling";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(POLICY).label("Policy (JSON)").type(ProviderConfigProperty.TEXT_TYPE)
                .defaultValue("{\"perSignIn\": 1, \"questions\": []}")
                .helpText("Which User Profile attributes to ask for, in order, and when. See the pack's "
                        + "authenticators/README.md, 'Progressive profiling'.")
                .add().build();
    }

    /** Refuses a policy that names unknown attributes, purposes or clients, or breaks a bound. */
    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, RequiredActionConfigModel model) {
        try {
            ProfilingPolicy.parse(policyText(model), realmFacts(session, realm));
            declareStateAttributes(session, realm);
            // Keycloak stores the configuration after this check; the console page's questions follow it now (unless
            // the page itself is writing it: Keycloak checks that write here too, and the page syncs on its own).
            if (!QuestionComponents.writing(session)) {
                QuestionComponents.sync(session, realm, policyText(model), null);
            }
        } catch (InvalidPolicyException e) {
            // Keycloak's admin API answers a ValidationException with 400 and the message.
            throw new ValidationException(new ValidationError(PROVIDER_ID, POLICY, String.join("; ", e.errors())));
        }
    }

    /**
     * Declares the attributes this action keeps on users (sign-in count, snoozes, provenance) in the
     * realm's User Profile: administrators see them, nobody edits them through the profile.
     */
    static void declareStateAttributes(KeycloakSession session, RealmModel realm) {
        ManagedAttributes.declare(session, realm, GROUP, Stream.of(ProfileState.SIGN_INS, ProfileState.SNOOZES,
                ProfileState.PROVENANCE).map(ManagedAttributes.Attribute::single).toList());
    }

    static final ManagedAttributes.Group GROUP = new ManagedAttributes.Group("ciam-profile",
            "Progressive profiling (managed by the CIAM Pack)", null);

    /**
     * The policy at sign-in: structure only. Its names were checked against the realm when it was
     * saved, so no User Profile, client list or purpose lookup happens on the login thread.
     */
    static ProfilingPolicy policy(RequiredActionConfigModel model) {
        return ProfilingPolicy.parse(policyText(model), null);
    }

    private static String policyText(RequiredActionConfigModel model) {
        return model == null || model.getConfig() == null ? null : model.getConfig().get(POLICY);
    }

    static ProfilingPolicy.Realm realmFacts(KeycloakSession session, RealmModel realm) {
        UPConfig profile = session.getProvider(UserProfileProvider.class).getConfiguration();
        Set<String> declared = profile.getAttributes().stream().map(UPAttribute::getName).collect(Collectors.toSet());
        Set<String> editable = profile.getAttributes().stream()
                .filter(a -> a.getPermissions() != null && a.getPermissions().getEdit() != null
                        && a.getPermissions().getEdit().contains("user"))
                .map(UPAttribute::getName).collect(Collectors.toSet());
        ConsentProvider consent = session.getProvider(ConsentProvider.class);
        Set<String> purposes = consent == null ? Set.of()
                : consent.purposes(realm).stream().map(Purpose::id).collect(Collectors.toSet());
        Set<String> clients = realm.getClientsStream().map(ClientModel::getClientId).collect(Collectors.toSet());
        return new ProfilingPolicy.Realm(editable, declared, purposes, clients);
    }

    @Override
    public void init(Config.Scope config) {
    }

    /** Realms imported with a policy, and those whose policy predates the console page, get its questions. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                RealmModel realm = created.getCreatedRealm();
                QuestionComponents.sync(created.getKeycloakSession(), realm, QuestionPage.policy(realm), null);
            } else if (event instanceof PostMigrationEvent migrated) {
                KeycloakModelUtils.runJobInTransaction(migrated.getFactory(), session -> session.realms()
                        .getRealmsStream().forEach(realm -> QuestionComponents.sync(session, realm,
                                QuestionPage.policy(realm), null)));
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
