package dev.ciampack.testsuite.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.ciampack.testsuite.browser.CallbackServer;
import dev.ciampack.testsuite.http.BrowserClient;
import dev.ciampack.testsuite.http.OidcLogin;
import dev.ciampack.testsuite.http.Rest;
import dev.ciampack.testsuite.mail.Mailbox;
import dev.ciampack.testsuite.server.Ports;

/**
 * A fresh realm per test class on the shared Keycloak, removed after the class. Register it as
 * {@code @RegisterExtension static final TestRealm realm = TestRealm.create();}.
 *
 * <p>The realm has a user {@link #USERNAME} (email, first and last name set, so sign-in does not
 * stop at "update profile"), a public client {@link #CLIENT_ID} using PKCE S256 whose redirect URI
 * is a loopback {@link CallbackServer}, and its SMTP settings pointing at an in-JVM GreenMail
 * server, so tests read every mail Keycloak sends with {@link #mail()}.
 */
public final class TestRealm implements BeforeAllCallback, AfterAllCallback {

    public static final String USERNAME = "alice";
    public static final String PASSWORD = "Alice-Passw0rd!";
    public static final String EMAIL = "alice@ciam.test";
    public static final String CLIENT_ID = "test-app";
    public static final String MAIL_FROM = "no-reply@ciam.test";

    private final List<Consumer<RealmRepresentation>> customizers = new ArrayList<>();
    private final Path baseRealmJson;
    private SharedKeycloak keycloak;
    private GreenMail mail;
    private CallbackServer callback;
    private String name;

    private TestRealm(Path baseRealmJson) {
        this.baseRealmJson = baseRealmJson;
    }

    public static TestRealm create() {
        return new TestRealm(null);
    }

    /**
     * A realm built from a realm export (e.g. the demo realm), renamed to a unique name, with the
     * test user, test client and SMTP settings added to what the file defines.
     */
    public static TestRealm fromJson(Path realmJson) {
        return new TestRealm(realmJson);
    }

    /** Changes the realm representation before it is created (themes, flows, users ...). */
    public TestRealm customize(Consumer<RealmRepresentation> customizer) {
        customizers.add(customizer);
        return this;
    }

    /** Turns on internationalization with these locales; the first is the default. */
    public TestRealm speaking(String... locales) {
        return customize(r -> {
            r.setInternationalizationEnabled(true);
            r.setSupportedLocales(new java.util.LinkedHashSet<>(List.of(locales)));
            r.setDefaultLocale(locales[0]);
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        keycloak = SharedKeycloak.get(context);
        mail = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        callback = CallbackServer.start();
        name = "t-" + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation realm = defaults();
        customizers.forEach(c -> c.accept(realm));
        keycloak.admin().realms().create(realm);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (name != null) {
                keycloak.admin().realm(name).remove();
            }
        } finally {
            if (callback != null) {
                callback.close();
            }
            if (mail != null) {
                mail.stop();
            }
        }
    }

    private RealmRepresentation defaults() {
        RealmRepresentation realm = baseRealmJson == null ? new RealmRepresentation() : read(baseRealmJson);
        renameDefaultRoles(realm, name);
        realm.setRealm(name);
        realm.setEnabled(true);
        Map<String, String> smtp = new HashMap<>();
        smtp.put("host", "127.0.0.1");
        smtp.put("port", String.valueOf(mail.getSmtp().getPort()));
        smtp.put("from", MAIL_FROM);
        smtp.put("fromDisplayName", "CIAM Pack tests");
        realm.setSmtpServer(smtp);

        UserRepresentation user = Users.withPassword(USERNAME, EMAIL, "Alice", "Liddell", PASSWORD);
        // Users created inside a realm representation do not get the default roles by themselves.
        user.setRealmRoles(List.of("default-roles-" + name));
        realm.setUsers(append(realm.getUsers(), user));

        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(CLIENT_ID);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setDirectAccessGrantsEnabled(false);
        client.setRedirectUris(List.of(callback.redirectUri()));
        client.setWebOrigins(List.of("+"));
        client.setAttributes(new HashMap<>(Map.of("pkce.code.challenge.method", "S256")));
        realm.setClients(append(realm.getClients(), client));
        return realm;
    }

    /** Users of an export name the realm's default role after the realm; follow the rename. */
    private static void renameDefaultRoles(RealmRepresentation realm, String newName) {
        if (realm.getRealm() == null || realm.getUsers() == null) {
            return;
        }
        String oldRole = "default-roles-" + realm.getRealm();
        for (UserRepresentation user : realm.getUsers()) {
            if (user.getRealmRoles() != null) {
                user.setRealmRoles(user.getRealmRoles().stream()
                        .map(r -> r.equals(oldRole) ? "default-roles-" + newName : r).toList());
            }
        }
    }

    private static <T> List<T> append(List<T> existing, T item) {
        List<T> all = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
        all.add(item);
        return all;
    }

    private static RealmRepresentation read(Path json) {
        try {
            return JsonSerialization.readValue(Files.readAllBytes(json), RealmRepresentation.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read realm " + json, e);
        }
    }

    public String name() {
        return name;
    }

    public SharedKeycloak keycloak() {
        return keycloak;
    }

    /** Admin API of this realm. */
    public RealmResource admin() {
        return keycloak.admin().realm(name);
    }

    /** e.g. {@code http://localhost:PORT/realms/NAME} */
    public String url() {
        return keycloak.baseUrl() + "/realms/" + name;
    }

    /** The in-JVM SMTP server this realm sends mail to. */
    public GreenMail mail() {
        return mail;
    }

    /** The mail of this realm, per recipient. */
    public Mailbox mailbox() {
        return new Mailbox(mail);
    }

    public CallbackServer callback() {
        return callback;
    }

    public String redirectUri() {
        return callback.redirectUri();
    }

    /** A REST client authenticated as the master realm's admin (token refreshed as needed). */
    public Rest adminRest() {
        return new Rest(() -> keycloak.admin().tokenManager().getAccessTokenString());
    }

    /** e.g. {@code http://localhost:PORT/admin/realms/NAME} */
    public String adminUrl() {
        return keycloak.baseUrl() + "/admin/realms/" + name;
    }

    /** Registers (if needed) and enables a required action provided by the pack or Keycloak. */
    public void enableRequiredAction(String providerId, String name) {
        var flows = admin().flows();
        boolean registered = flows.getRequiredActions().stream().anyMatch(a -> a.getAlias().equals(providerId));
        if (!registered) {
            RequiredActionProviderSimpleRepresentation action = new RequiredActionProviderSimpleRepresentation();
            action.setProviderId(providerId);
            action.setName(name);
            flows.registerRequiredAction(action);
        }
        RequiredActionProviderRepresentation action = flows.getRequiredAction(providerId);
        action.setEnabled(true);
        flows.updateRequiredAction(providerId, action);
    }

    /** The id of a user of this realm, looked up by exact username. */
    public String userId(String username) {
        return admin().users().searchByUsername(username, true).get(0).getId();
    }

    /** Creates an enabled user with email, names and a password; returns its id. */
    public String createUser(String username, String password) {
        UserRepresentation user = Users.withPassword(username, username.contains("@") ? username : username + "@ciam.test",
                username.substring(0, 1).toUpperCase(Locale.ROOT) + username.substring(1).split("@")[0], "Tester",
                password);
        try (jakarta.ws.rs.core.Response response = admin().users().create(user)) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("could not create user " + username + ": " + response.getStatus()
                        + " " + response.readEntity(String.class));
            }
            String location = response.getLocation().getPath();
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    /** A new cookie-keeping HTTP client logged in as nobody, for the test client of this realm. */
    public OidcLogin newLogin() {
        return new OidcLogin(new BrowserClient(), url(), CLIENT_ID, callback.redirectUri());
    }

    /** {@link #newLogin()} from another network: Keycloak sees {@code clientAddress} (see {@link BrowserClient#forwardedFor}). */
    public OidcLogin newLoginFrom(String clientAddress) {
        return new OidcLogin(new BrowserClient().forwardedFor(clientAddress), url(), CLIENT_ID, callback.redirectUri());
    }
}
