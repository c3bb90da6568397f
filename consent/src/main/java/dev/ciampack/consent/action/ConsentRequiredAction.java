package dev.ciampack.consent.action;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

import dev.ciampack.consent.export.PersonalData;
import dev.ciampack.consent.spi.Channel;
import dev.ciampack.consent.receipt.ConsentReceipts;
import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.consent.spi.ConsentRecord;
import dev.ciampack.consent.spi.ConsentState;
import dev.ciampack.consent.spi.Decision;
import dev.ciampack.consent.spi.Provenance;
import dev.ciampack.consent.spi.Purpose;

/**
 * The consent step. After sign-in, registration or a first social login it asks about purposes the
 * person has not decided or whose version changed; through {@code kc_action=ciam-consent} it shows
 * every purpose with the current choices so they can be changed. Nothing is pre-ticked at sign-in;
 * accept all, reject all and saving individual choices are one click each.
 */
final class ConsentRequiredAction implements RequiredActionProvider {

    static final String TEMPLATE = "ciam-consent.ftl";
    static final String ACCEPT_ALL = "accept_all";
    static final String REJECT_ALL = "reject_all";
    static final String SAVE = "save";
    static final String FIELD_PREFIX = "purpose_";
    static final String DATA_TEMPLATE = "ciam-my-data.ftl";
    /** On the review page: show the person's data (and its download); {@link #BACK} returns to the choices. */
    static final String MY_DATA = "my_data";
    static final String BACK = "back";
    /** Auth note: this sign-in's Global Privacy Control signal was processed already. */
    private static final String GPC_HONOURED = "ciam-consent.gpc-honoured";

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        honourGpc(context);
        if (!consent(context).pending(context.getRealm(), context.getUser()).isEmpty()) {
            context.getAuthenticationSession().addRequiredAction(ConsentRequiredActionFactory.PROVIDER_ID);
        }
    }

    /**
     * Global Privacy Control sent by the person's own browser as they sign in is their request to opt out of the sale
     * or sharing of their data (the California regulations, 11 CCR 7025, require processing it so, even over an earlier
     * opt-in): an earlier grant of a purpose marked {@code gpc: opt-out} is withdrawn, recorded with the signal. The
     * review page then shows it unticked, where the person may grant it again themselves. Once per sign-in, before
     * the step: Keycloak evaluates the triggers again after each action, and a grant the person ticked on this very
     * step is their explicit choice, which prevails over the signal.
     */
    private void honourGpc(RequiredActionContext context) {
        var auth = context.getAuthenticationSession();
        if (!gpc(context) || auth.getAuthNote(GPC_HONOURED) != null) {
            return;
        }
        auth.setAuthNote(GPC_HONOURED, "true");
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        ConsentProvider consent = consent(context);
        for (Purpose purpose : consent.purposes(realm)) {
            if (purpose.optedOutByGpc() && consent.mayUse(realm, user, purpose.id())) {
                consent.decide(realm, user, purpose.id(), Decision.WITHDRAWN, new Provenance(Channel.LOGIN_STEP,
                        user.getId(), context.getAuthenticationSession().getClient().getClientId(),
                        context.getConnection().getRemoteAddr(),
                        context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT),
                        locale(context), Provenance.GPC));
            }
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(form(context, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> params = context.getHttpRequest().getDecodedFormParameters();
        if (params.containsKey("cancel-aia") && isReview(context)) {
            context.cancel();
            return;
        }
        String action = params.getFirst("action");
        if (isReview(context) && MY_DATA.equals(action)) {
            context.challenge(dataPage(context));
            return;
        }
        if (isReview(context) && BACK.equals(action)) {
            context.challenge(form(context, null));
            return;
        }
        if (!ACCEPT_ALL.equals(action) && !REJECT_ALL.equals(action) && !SAVE.equals(action)) {
            context.challenge(form(context, "ciam-consent.error.choose"));
            return;
        }
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        ConsentProvider consent = consent(context);
        boolean review = isReview(context);
        Map<String, ConsentState> current = consent.decisions(realm, user);
        List<Purpose> shown = shown(consent.purposes(realm), current, review);
        List<String> missing = new ArrayList<>();
        boolean gpc = gpc(context);
        for (Purpose purpose : shown) {
            Decision decision = ConsentChoices.decisionFor(action, params.containsKey(FIELD_PREFIX + purpose.id()),
                    gpc && purpose.optedOutByGpc());
            if (decision == Decision.WITHDRAWN && purpose.required()) {
                missing.add(purpose.title(locale(context)));
                continue;
            }
            ConsentState state = current.get(purpose.id());
            if (ConsentChoices.unchanged(state, decision, purpose.version())) {
                continue;
            }
            consent.decide(realm, user, purpose.id(), decision, new Provenance(
                    review ? Channel.ACCOUNT_PAGE : Channel.LOGIN_STEP, user.getId(),
                    context.getAuthenticationSession().getClient().getClientId(),
                    context.getConnection().getRemoteAddr(),
                    context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT),
                    locale(context), gpc ? Provenance.GPC : null));
        }
        if (!missing.isEmpty()) {
            context.challenge(context.form()
                    .setAttribute("ciamConsent", model(context))
                    .setError("ciam-consent.error.required", String.join(", ", missing))
                    .createForm(TEMPLATE));
            return;
        }
        context.success();
    }

    private Response form(RequiredActionContext context, String error) {
        var form = context.form().setAttribute("ciamConsent", model(context));
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(TEMPLATE);
    }

    /** The person's data export, readable, with a download of the JSON document (a data URL, like the receipts). */
    private static Response dataPage(RequiredActionContext context) {
        Map<String, Object> document = PersonalData.document(context.getSession(), context.getRealm(), context.getUser());
        String json;
        try {
            json = JsonSerialization.writeValueAsPrettyString(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String download = "data:application/json;base64," + Base64.getEncoder()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
        return context.form().setAttribute("ciamData", new DataView(document, download)).createForm(DATA_TEMPLATE);
    }

    private ConsentPageModel model(RequiredActionContext context) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        ConsentProvider consent = consent(context);
        boolean review = isReview(context);
        Map<String, ConsentState> current = consent.decisions(realm, user);
        String locale = locale(context);
        boolean gpc = gpc(context);
        // On the review page each purpose offers the signed receipt of the person's last decision on it.
        Map<String, ConsentRecord> last = new java.util.HashMap<>();
        if (review) {
            consent.history(realm, user).forEach(r -> last.put(r.purposeId(), r));
        }
        List<ConsentPageModel.Item> items = shown(consent.purposes(realm), current, review).stream()
                .map(p -> item(p, current.get(p.id()), review, locale, gpc && p.optedOutByGpc(),
                        last.containsKey(p.id()) ? receiptLink(context, last.get(p.id())) : null)).toList();
        return new ConsentPageModel(review, items, gpc && items.stream().anyMatch(ConsentPageModel.Item::isGpcOptOut));
    }

    /** A download link holding the record's signed receipt (a data URL: nothing to fetch with a token). */
    private static String receiptLink(RequiredActionContext context, ConsentRecord record) {
        String receipt = ConsentReceipts.issue(context.getSession(), context.getRealm(), consent(context), record);
        return "data:application/jose;base64," + java.util.Base64.getEncoder()
                .encodeToString(receipt.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static ConsentPageModel.Item item(Purpose p, ConsentState state, boolean review, String locale,
                                              boolean gpcOptOut, String receipt) {
        boolean changed = state != null && !state.isCurrentFor(p);
        // A required purpose the person withdrew (or refused before it became required) is asked again.
        boolean neededAgain = p.required() && state != null && !changed && !state.isGranted();
        // Under Global Privacy Control a sale or sharing of data is never ticked for the person, not even their
        // earlier grant on the review page: the signal is their request to opt out; ticking it again is theirs.
        return new ConsentPageModel.Item(p.id(), p.title(locale), p.description(locale), p.policyUrl(locale), p.required(),
                review && state != null && state.covers(p) && !gpcOptOut, changed, neededAgain, gpcOptOut, receipt);
    }

    /** Whether the browser sent Global Privacy Control ({@code Sec-GPC: 1}) with this request. */
    private static boolean gpc(RequiredActionContext context) {
        return Provenance.isGpc(context.getHttpRequest().getHttpHeaders().getHeaderString("Sec-GPC"));
    }

    /** Review shows every purpose; sign-in shows those the person must be asked about (see {@link ConsentState#needsAsking}). */
    static List<Purpose> shown(List<Purpose> purposes, Map<String, ConsentState> current, boolean review) {
        return review ? purposes : purposes.stream().filter(p -> ConsentState.needsAsking(p, current.get(p.id()))).toList();
    }

    private static boolean isReview(RequiredActionContext context) {
        return ConsentRequiredActionFactory.PROVIDER_ID.equals(
                context.getAuthenticationSession().getClientNote(Constants.KC_ACTION_EXECUTING));
    }

    private static String locale(RequiredActionContext context) {
        return context.getSession().getContext().resolveLocale(context.getUser()).toLanguageTag();
    }

    private static ConsentProvider consent(RequiredActionContext context) {
        return context.getSession().getProvider(ConsentProvider.class);
    }

    @Override
    public void close() {
    }
}
