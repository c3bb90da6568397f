package dev.ciampack.themes.brand;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.ciampack.common.Brand;

/**
 * {@code GET /realms/{realm}/ciam-brand/brand.css}: the realm's brand ({@link BrandPage}) as a stylesheet the
 * {@code ciam} login theme loads after its own {@code brand.css}. Public, like the theme's other stylesheets.
 * Browsers revalidate it on each page load ({@code no-cache} with an ETag), so a saved brand shows on the next
 * page. A realm without a brand, or with one that no longer validates, gets an empty stylesheet (the theme's
 * defaults) and the latter a log line.
 */
final class BrandResource {

    static final String CSS = "text/css; charset=utf-8";

    private final KeycloakSession session;

    BrandResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("brand.css")
    public Response css(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        RealmModel realm = session.getContext().getRealm();
        String css = Brand.of(realm).withFontsFrom(BrandResourceFactory.webFontHosts(session)).css();
        String body = "/* CIAM Pack brand of realm " + realm.getId() + " (admin console page ciam-brand) */\n" + css;
        String etag = "\"" + sha256(body).substring(0, 32) + "\"";
        Response.ResponseBuilder answer = etag.equals(ifNoneMatch) ? Response.notModified()
                : Response.ok(body, CSS);
        return answer.tag(etag.substring(1, etag.length() - 1)).header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
