package dev.ciampack.testsuite.junit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A second realm on the shared server acting as an OpenID Connect provider for a {@link TestRealm}
 * (alias {@code idp}, confidential client {@code broker}): first broker login and social import without
 * any outside service. Remove it with {@link #remove()} after the class.
 */
public final class OidcProviderRealm {

    public static final String ALIAS = "idp";

    private final TestRealm realm;
    private final String name;
    private final String secret;

    private OidcProviderRealm(TestRealm realm, String name, String secret) {
        this.realm = realm;
        this.name = name;
        this.secret = secret;
    }

    /** Creates the provider realm with these users and a {@code broker} client redirecting to {@code realm}. */
    public static OidcProviderRealm create(TestRealm realm, String secret, List<UserRepresentation> users) {
        String name = realm.name() + "-idp";
        RealmRepresentation idp = new RealmRepresentation();
        idp.setRealm(name);
        idp.setEnabled(true);
        idp.setUsers(users);
        ClientRepresentation broker = new ClientRepresentation();
        broker.setClientId("broker");
        broker.setSecret(secret);
        broker.setPublicClient(false);
        broker.setStandardFlowEnabled(true);
        broker.setRedirectUris(List.of(realm.url() + "/broker/" + ALIAS + "/endpoint"));
        idp.setClients(List.of(broker));
        realm.keycloak().admin().realms().create(idp);
        return new OidcProviderRealm(realm, name, secret);
    }

    public String name() {
        return name;
    }

    /** The identity provider to register in the test realm; {@code overrides} change or add config entries. */
    public IdentityProviderRepresentation identityProvider(Map<String, String> overrides) {
        String issuer = realm.keycloak().baseUrl() + "/realms/" + name;
        IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
        provider.setAlias(ALIAS);
        provider.setProviderId("oidc");
        provider.setEnabled(true);
        Map<String, String> config = new HashMap<>();
        config.put("issuer", issuer);
        config.put("authorizationUrl", issuer + "/protocol/openid-connect/auth");
        config.put("tokenUrl", issuer + "/protocol/openid-connect/token");
        config.put("userInfoUrl", issuer + "/protocol/openid-connect/userinfo");
        config.put("jwksUrl", issuer + "/protocol/openid-connect/certs");
        config.put("useJwksUrl", "true");
        config.put("validateSignature", "true");
        config.put("clientId", "broker");
        config.put("clientSecret", secret);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("defaultScope", "openid email profile");
        config.put("syncMode", "IMPORT");
        config.put("pkceEnabled", "true");
        config.put("pkceMethod", "S256");
        config.putAll(overrides);
        provider.setConfig(config);
        return provider;
    }

    public void remove() {
        realm.keycloak().admin().realm(name).remove();
    }
}
