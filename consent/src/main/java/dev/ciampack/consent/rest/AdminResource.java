package dev.ciampack.consent.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ciampack.consent.export.PersonalData;
import dev.ciampack.consent.signals.ConsentMode;
import dev.ciampack.consent.spi.Channel;
import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.consent.spi.InvalidPurposesException;
import dev.ciampack.consent.spi.Provenance;
import dev.ciampack.consent.spi.Purpose;
import dev.ciampack.consent.store.PurposesJson;

/**
 * {@code /admin/realms/{realm}/ciam-consent}: purposes (view-realm / manage-realm), a user's
 * consents, history and data-subject export (view-users), decisions recorded by an administrator
 * (manage-users). Changes are admin events.
 */
final class AdminResource {

    static final int MAX_LEDGER_PAGE = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    AdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.REALM);
    }

    @GET
    @Path("purposes")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode purposes() {
        auth.realm().requireViewRealm();
        return PurposesJson.tree(consent().purposes(realm));
    }

    @PUT
    @Path("purposes")
    @Produces(MediaType.APPLICATION_JSON)
    public Response setPurposes(JsonNode body) {
        auth.realm().requireManageRealm();
        try {
            List<Purpose> purposes = PurposesJson.fromTree(body);
            consent().setPurposes(realm, purposes);
            JsonNode stored = PurposesJson.tree(consent().purposes(realm));
            adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                    .representation(stored).success();
            return Response.ok(stored).build();
        } catch (InvalidPurposesException e) {
            Map<String, Object> error = Views.error("invalid_purposes", String.join("; ", e.errors()));
            error.put("errors", e.errors());
            return Response.status(Response.Status.BAD_REQUEST).entity(error).type(MediaType.APPLICATION_JSON).build();
        }
    }

    /** The realm's consent settings: {@code {"emailReceipts": true|false}}. */
    @GET
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> settings() {
        auth.realm().requireViewRealm();
        return Map.of("emailReceipts", dev.ciampack.consent.receipt.ReceiptEmails.enabled(realm));
    }

    @PUT
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    public Response setSettings(JsonNode body) {
        auth.realm().requireManageRealm();
        if (body == null || !body.isObject() || body.size() != 1 || !body.path("emailReceipts").isBoolean()) {
            return Views.invalidRequest("settings must be {\"emailReceipts\": true or false}");
        }
        if (body.get("emailReceipts").asBoolean()) {
            realm.setAttribute(dev.ciampack.consent.receipt.ReceiptEmails.REALM_ATTRIBUTE, "true");
        } else {
            realm.removeAttribute(dev.ciampack.consent.receipt.ReceiptEmails.REALM_ATTRIBUTE);
        }
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).representation(body)
                .success();
        return Response.ok(settings()).build();
    }

    /** The realm's Google Consent Mode mapping (consent type → purposes that must all be granted). */
    @GET
    @Path("consent-mode")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<String>> consentMode() {
        auth.realm().requireViewRealm();
        return ConsentMode.of(realm);
    }

    @PUT
    @Path("consent-mode")
    @Produces(MediaType.APPLICATION_JSON)
    public Response setConsentMode(JsonNode body) {
        auth.realm().requireManageRealm();
        Map<String, List<String>> mapping;
        try {
            mapping = ConsentMode.parse(body, consent().purposes(realm).stream().map(Purpose::id)
                    .collect(java.util.stream.Collectors.toSet()));
        } catch (IllegalArgumentException e) {
            return Views.invalidRequest(e.getMessage());
        }
        if (mapping.isEmpty()) {
            realm.removeAttribute(ConsentMode.REALM_ATTRIBUTE);
        } else {
            realm.setAttribute(ConsentMode.REALM_ATTRIBUTE, ConsentMode.write(mapping));
        }
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).representation(mapping)
                .success();
        return Response.ok(ConsentMode.of(realm)).build();
    }

    /** The realm's ledger, newest first (view-users): proof of consent for audits. */
    @GET
    @Path("ledger")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> ledger(@QueryParam("purpose") String purposeId,
                                            @QueryParam("first") @DefaultValue("0") int first,
                                            @QueryParam("max") @DefaultValue("100") int max) {
        auth.users().requireView();
        if (first < 0 || max < 1 || max > MAX_LEDGER_PAGE) {
            throw new BadRequestException("first must be 0 or more and max between 1 and " + MAX_LEDGER_PAGE);
        }
        return Views.history(consent().ledger(realm, purposeId, first, max));
    }

    @GET
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> consents(@PathParam("userId") String userId, @QueryParam("locale") String locale) {
        UserModel user = user(userId);
        auth.users().requireView(user);
        return Views.consents(consent(), realm, user, locale);
    }

    @GET
    @Path("users/{userId}/history")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> history(@PathParam("userId") String userId) {
        UserModel user = user(userId);
        auth.users().requireView(user);
        return Views.history(consent().history(realm, user));
    }

    /**
     * A data-subject access request: the same document the person downloads (every personal-data contributor's
     * section), for view-users.
     */
    @GET
    @Path("users/{userId}/export")
    @Produces(MediaType.APPLICATION_JSON)
    public Response export(@PathParam("userId") String userId) {
        UserModel user = user(userId);
        auth.users().requireView(user);
        return Response.ok(PersonalData.document(session, realm, user))
                .header("Content-Disposition", "attachment; filename=\"personal-data-" + user.getId() + ".json\"")
                .build();
    }

    /** The signed receipt of one of a user's ledger records (view-users), as the person gets it. */
    @GET
    @Path("users/{userId}/receipts/{recordId}")
    @Produces({"application/jose", MediaType.APPLICATION_JSON})
    public Response receipt(@PathParam("userId") String userId, @PathParam("recordId") String recordId) {
        UserModel user = user(userId);
        auth.users().requireView(user);
        String receipt = Receipts.of(session, realm, consent(), user, recordId);
        if (receipt == null) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                    .entity(Views.error("unknown_record", "no consent record '" + Receipts.shorten(recordId)
                            + "' of this user")).build();
        }
        return Response.ok(receipt, "application/jose").build();
    }

    @PUT
    @Path("users/{userId}/{purposeId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response decide(@PathParam("userId") String userId, @PathParam("purposeId") String purposeId, JsonNode body) {
        UserModel user = user(userId);
        auth.users().requireManage(user);
        Purpose purpose = consent().purpose(realm, purposeId).orElse(null);
        if (purpose == null) {
            return Views.unknownPurpose(purposeId);
        }
        DecisionRequest request;
        try {
            request = DecisionRequest.parse(body);
        } catch (IllegalArgumentException e) {
            return Views.invalidRequest(e.getMessage());
        }
        var record = consent().decide(realm, user, purposeId, request.decision(), new Provenance(Channel.ADMIN,
                auth.adminAuth().getUser().getId(), auth.adminAuth().getClient().getClientId(),
                session.getContext().getConnection().getRemoteAddr(),
                session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.USER_AGENT), request.locale()));
        adminEvent.resource(ResourceType.USER).operation(OperationType.UPDATE)
                .resourcePath(session.getContext().getUri()).representation(Views.record(record)).success();
        return Response.ok(Views.consent(purpose, consent().decisions(realm, user).get(purposeId), request.locale())).build();
    }

    private UserModel user(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            // Same answer whether the user is missing or not visible, like Keycloak's own user API.
            auth.users().requireQuery();
            throw new NotFoundException("User not found");
        }
        return user;
    }

    private ConsentProvider consent() {
        return session.getProvider(ConsentProvider.class);
    }
}
