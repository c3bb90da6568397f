package dev.ciampack.consent.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.consent.spi.ConsentRecord;
import dev.ciampack.consent.spi.ConsentState;
import dev.ciampack.consent.spi.Purpose;

/** JSON shapes of the REST API (documented in consent/README.md). */
final class Views {

    private Views() {
    }

    static Map<String, Object> purpose(Purpose p, String locale) {
        Map<String, Object> view = new LinkedHashMap<>();
        String shown = p.resolveLocale(locale);
        view.put("id", p.id());
        view.put("version", p.version());
        view.put("required", p.required());
        view.put("locale", shown);
        view.put("title", p.title(shown));
        view.put("description", p.description(shown));
        view.put("policyUrl", p.policyUrl(shown));
        view.put("dataCategories", p.dataCategories());
        if (p.gpc() != null) {
            view.put("gpc", p.gpc());
        }
        return view;
    }

    static Map<String, Object> consent(Purpose p, ConsentState state, String locale) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("purpose", purpose(p, locale));
        view.put("decision", state == null ? null : state.decision().value());
        view.put("decidedVersion", state == null ? null : state.version());
        view.put("decidedAt", state == null ? null : state.decidedAt().toString());
        view.put("needsDecision", ConsentState.needsAsking(p, state));
        view.put("mayUse", state != null && state.covers(p));
        return view;
    }

    static List<Map<String, Object>> consents(ConsentProvider consent, RealmModel realm, UserModel user, String locale) {
        Map<String, ConsentState> states = consent.decisions(realm, user);
        List<Map<String, Object>> views = new ArrayList<>();
        for (Purpose p : consent.purposes(realm)) {
            views.add(consent(p, states.get(p.id()), locale));
        }
        return views;
    }

    static Map<String, Object> record(ConsentRecord r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("sequence", r.sequence());
        view.put("purposeId", r.purposeId());
        view.put("decision", r.decision().value());
        view.put("purposeVersion", r.purposeVersion());
        view.put("textHash", r.textHash());
        view.put("locale", r.locale());
        view.put("time", r.time().toString());
        view.put("channel", r.channel().value());
        view.put("actorId", r.actorId());
        view.put("clientId", r.clientId());
        view.put("ipPrefix", r.ipPrefix());
        view.put("userAgent", r.userAgent());
        view.put("signal", r.signal());
        return view;
    }

    static List<Map<String, Object>> history(List<ConsentRecord> records) {
        return records.stream().map(Views::record).toList();
    }

    /** 404 for a purpose id the realm does not define. */
    static Response unknownPurpose(String purposeId) {
        return Response.status(Response.Status.NOT_FOUND)
                .entity(error("unknown_purpose", "no consent purpose '" + purposeId + "' in this realm"))
                .type(MediaType.APPLICATION_JSON).build();
    }

    /** 400 with the reason a request body was refused. */
    static Response invalidRequest(String reason) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(error("invalid_request", reason))
                .type(MediaType.APPLICATION_JSON).build();
    }

    static Map<String, Object> error(String error, String description) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("error", error);
        view.put("error_description", description);
        return view;
    }
}
