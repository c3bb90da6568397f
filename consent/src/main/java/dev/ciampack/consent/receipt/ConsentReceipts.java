package dev.ciampack.consent.receipt;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.TokenCategory;

import dev.ciampack.consent.spi.ConsentRecord;
import dev.ciampack.consent.spi.Decision;
import dev.ciampack.consent.spi.Purpose;

/**
 * A consent receipt: one ledger record given back to the person as a JSON document shaped after ISO/IEC TS 27560
 * (consent record information structure: who, which controller, which purpose and version, which notice text,
 * when, how, and what the person can do next), signed as a JWS (compact serialization) with the realm's active
 * key for its default signature algorithm, so anyone can verify it with the realm's published JWKS
 * ({@code /realms/{realm}/protocol/openid-connect/certs}; the header's {@code kid} names the key).
 *
 * <p>The receipt holds what the person needs to prove and understand their decision, not the ledger's network
 * details (the address prefix and user agent stay in the history, which the person can read too).
 */
public final class ConsentReceipts {

    /** The JWS {@code typ} of a receipt (a JWT: registered claims {@code iss}, {@code sub}, {@code iat}, {@code jti}). */
    public static final String TYPE = "consent-receipt+jwt";
    /** The version of the receipt's shape, in {@code receiptVersion}. */
    public static final String VERSION = "ciampack-consent-receipt/1";

    private ConsentReceipts() {
    }

    /**
     * The claims of a record's receipt. {@code purpose} is the purpose as the realm defines it now (its title and
     * policy URL are given only if it is still at the version the person decided on), or null if it was removed.
     */
    public static Map<String, Object> claims(String issuer, String realmName, String controllerName, ConsentRecord record,
                                             Purpose purpose, Instant issuedAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", record.userId());
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("jti", record.id());
        claims.put("receiptVersion", VERSION);
        claims.put("shapedAfter", "ISO/IEC TS 27560:2023");
        claims.put("controller", Map.of("name", controllerName, "realm", realmName));
        claims.put("piiPrincipal", Map.of("id", record.userId()));

        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("purposeId", record.purposeId());
        notice.put("purposeVersion", record.purposeVersion());
        notice.put("locale", record.locale());
        notice.put("textHash", record.textHash());
        notice.put("textHashAlgorithm", "SHA-256 (hex) of the title, a newline and the description shown");
        if (purpose != null && purpose.version() == record.purposeVersion()) {
            notice.put("title", purpose.title(record.locale()));
            String policyUrl = purpose.policyUrl(record.locale());
            if (policyUrl != null) {
                notice.put("policyUrl", policyUrl);
            }
        }

        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("recordId", record.id());
        decision.put("sequence", record.sequence());
        decision.put("state", record.decision().value());
        decision.put("time", record.time().toString());
        decision.put("channel", record.channel().value());
        decision.put("recordedBy", record.userId().equals(record.actorId()) ? "the person" : "an administrator");
        if (record.clientId() != null) {
            decision.put("clientId", record.clientId());
        }
        if (record.signal() != null) {
            // The browser's privacy signal sent with the decision (gpc: Global Privacy Control).
            decision.put("signal", record.signal());
        }
        claims.put("notice", notice);
        claims.put("decision", decision);
        claims.put("nextSteps", nextSteps(issuer, record.decision()));
        return claims;
    }

    private static List<Map<String, String>> nextSteps(String issuer, Decision decision) {
        String account = issuer + "/account";
        String change = decision == Decision.GRANTED ? "withdraw" : "grant";
        return List.of(
                Map.of("action", change, "how", "Sign in and open the consent review page (account console, or any "
                        + "sign-in with kc_action=ciam-consent); withdrawing takes no more steps than granting.",
                        "url", account),
                Map.of("action", "history", "how", "Read every decision you made, with its receipt: GET "
                        + issuer + "/ciam-consent/me/history with your access token.", "url", account),
                Map.of("action", "verify", "how", "Check this receipt's signature with the realm's published keys.",
                        "url", issuer + "/protocol/openid-connect/certs"));
    }

    /** The claims signed with the realm's active key of its default signature algorithm: a compact JWS. */
    public static String sign(KeycloakSession session, Map<String, Object> claims) {
        String algorithm = session.tokens().signatureAlgorithm(TokenCategory.ACCESS);
        SignatureSignerContext signer = session.getProvider(SignatureProvider.class, algorithm).signer();
        return new JWSBuilder().type(TYPE).jsonContent(claims).sign(signer);
    }

    /**
     * The signed receipt of a record, issued now: signed with {@code realm}'s key whichever realm the request came
     * through (the admin API's is the administrator's).
     */
    public static String issue(KeycloakSession session, RealmModel realm, dev.ciampack.consent.spi.ConsentProvider consent,
                               ConsentRecord record) {
        String issuer = org.keycloak.services.Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            return sign(session, claims(issuer, realm.getName(), controllerName(realm), record,
                    consent.purpose(realm, record.purposeId()).orElse(null), Instant.now()));
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    /** The controller's name on a receipt: the realm's display name, else its name. */
    public static String controllerName(RealmModel realm) {
        String display = realm.getDisplayName();
        return display == null || display.isBlank() ? realm.getName() : display;
    }
}
