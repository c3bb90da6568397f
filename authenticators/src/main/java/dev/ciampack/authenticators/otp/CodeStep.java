package dev.ciampack.authenticators.otp;

import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;


/**
 * A sign-in step with a one-time code sent to a destination (an email address, a phone number). As a
 * first step it asks for the destination; as a later step it sends to the identified user's. Unknown,
 * disabled and locked accounts walk the same pages with the same answers, but nothing is sent and no
 * code can match. Subclasses say how destinations are read, found and reached.
 *
 * <p>Message keys are {@code <provider id>.<name>} (e.g. {@code ciam-sms-code.error.wrong}); forms post
 * {@code ciam_action} = identify | verify | resend, the destination field and {@code code}.
 */
public abstract class CodeStep implements Authenticator {

    private static final Logger LOG = Logger.getLogger(CodeStep.class);

    /** Why a code could not be delivered; the message is logged, never shown. */
    public static final class DeliveryException extends Exception {
        private static final long serialVersionUID = 1L;

        public DeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    protected abstract String providerId();

    /** @throws InvalidConfigException when the realm's settings break their bounds */
    protected abstract CodeSettings settings(AuthenticationFlowContext context);

    /** Name of the form field holding the destination. */
    protected abstract String destinationField();

    /** The typed destination in canonical form, or null when it is not a valid one. */
    protected abstract String normalize(AuthenticationFlowContext context, CodeSettings settings, String typed);

    protected abstract UserModel findUser(AuthenticationFlowContext context, CodeSettings settings, String destination);

    /** The identified user's destination, or null when they have none (the step is then skipped). */
    protected abstract String destinationOf(CodeSettings settings, UserModel user);

    /** Sends the code; {@code user} is null for a sign-up code. */
    protected abstract void deliver(AuthenticationFlowContext context, CodeSettings settings, String destination,
                                    UserModel user, String code) throws DeliveryException;

    /**
     * Tells the owner of a destination, in their language, that their account is locked by Keycloak's brute-force
     * detection and no code was sent (only when the step shares that lockout): the page says the same for every
     * destination, so only the person who reads this message learns it.
     *
     * @param minutes whole minutes until the lockout ends, or -1 when it lasts until an administrator lifts it
     */
    protected abstract void deliverLockedNotice(AuthenticationFlowContext context, CodeSettings settings,
                                                String destination, UserModel user, long minutes)
            throws DeliveryException;

    /** How this step's kind of destination is verified on an account. */
    protected abstract FirstProof.Destination destinationKind(CodeSettings settings);

    /** Creates (or finds, when created meanwhile) the account of a proven new destination. */
    protected abstract UserModel signUp(AuthenticationFlowContext context, CodeSettings settings, String destination);

    protected abstract String identifyTemplate();

    protected abstract String codeTemplate();

    private String key(String name) {
        return providerId() + "." + name;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        CodeSettings settings = config(context);
        if (settings == null) {
            return;
        }
        UserModel confirmed = confirmedElsewhere(context);
        if (confirmed != null) {
            CodeState sent = CodeState.read(context.getAuthenticationSession(), providerId());
            CodeState.clear(context.getAuthenticationSession(), providerId());
            if (eligible(context, settings, confirmed)
                    && (context.getUser() == null || context.getUser().getId().equals(confirmed.getId()))) {
                if (sent != null) {
                    // The mail that carried the link was this step's send: a sign-in with it gives it back too.
                    SignInSends.succeeded(context, providerId(), sent.destination());
                }
                FirstProof.proven(context, providerId(), confirmed, destinationKind(settings), FirstProof.isFirstFactor(context.getAuthenticationSession(), providerId()),
                        settings.keepEarlierAccess());
                context.setUser(confirmed);
                Passwordless.mark(context.getAuthenticationSession(), providerId());
                context.success();
            } else {
                context.getEvent().error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(AuthenticationFlowError.INVALID_USER, identifyForm(context, null, key("error.burned")));
            }
            return;
        }
        UserModel user = context.getUser();
        if (user == null && context.getAuthenticationSession()
                .getAuthNote(AbstractIdpAuthenticator.EXISTING_USER_INFO) != null) {
            // First broker login: someone arriving from an identity provider matches this existing account;
            // the code proves they hold its address before the provider is linked to it.
            UserModel existing = AbstractIdpAuthenticator.getExistingUser(context.getSession(), context.getRealm(),
                    context.getAuthenticationSession());
            String destination = existing == null ? null : destinationOf(settings, existing);
            if (destination == null) {
                context.attempted();
                return;
            }
            FirstProof.identifiedHere(context.getAuthenticationSession(), providerId());
            start(context, settings, destination, mayReceive(existing) ? existing : null, false);
            return;
        }
        if (user == null) {
            // Handed on by ciam-identifier-first: the same for known and unknown identifiers.
            String identified = HandedOn.identifier(context.getAuthenticationSession(), destinationField());
            CodeState state = CodeState.read(context.getAuthenticationSession(), providerId());
            if (identified != null && state == null) {
                identify(context, settings, identified);
            } else if (identified != null) {
                context.challenge(codeForm(context, state, null));
            } else {
                context.challenge(identifyForm(context, null, null));
            }
            return;
        }
        String destination = destinationOf(settings, user);
        if (destination == null) {
            context.attempted();
            return;
        }
        start(context, settings, destination, user, false);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        CodeSettings settings = config(context);
        if (settings == null) {
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String action = form.getFirst("ciam_action");
        CodeState state = CodeState.read(context.getAuthenticationSession(), providerId());
        if ("identify".equals(action) && context.getUser() == null) {
            identify(context, settings, form.getFirst(destinationField()));
        } else if (state == null) {
            authenticate(context);
        } else if ("resend".equals(action)) {
            resend(context, settings, state);
        } else {
            verify(context, settings, state, form.getFirst("code"));
        }
    }

    private void identify(AuthenticationFlowContext context, CodeSettings settings, String typed) {
        String destination = typed == null || typed.length() > 320 ? null : normalize(context, settings, typed);
        if (destination == null) {
            context.challenge(identifyForm(context, typed, key("error." + destinationField())));
            return;
        }
        UserModel user = findUser(context, settings, destination);
        FirstProof.identifiedHere(context.getAuthenticationSession(), providerId());
        boolean signUp = user == null && settings.signUp();
        start(context, settings, destination, mayReceive(user) ? user : null, signUp);
    }

    /** Issues a first code for this session (if none yet) and shows the code form. */
    private void start(AuthenticationFlowContext context, CodeSettings settings, String destination, UserModel user,
                       boolean signUp) {
        CodeState state = CodeState.read(context.getAuthenticationSession(), providerId());
        if (state != null && state.hasCode() && state.destination().equalsIgnoreCase(destination)) {
            context.challenge(codeForm(context, state, null));
            return;
        }
        String error = issue(context, settings, destination, user, signUp);
        context.challenge(codeForm(context, CodeState.read(context.getAuthenticationSession(), providerId()), error));
    }

    private void resend(AuthenticationFlowContext context, CodeSettings settings, CodeState state) {
        UserModel user = state.isEligible()
                ? context.getSession().users().getUserById(context.getRealm(), state.userId()) : null;
        String error = issue(context, settings, state.destination(), mayReceive(user) ? user : null,
                state.isSignUp() && settings.signUp());
        context.challenge(codeForm(context, CodeState.read(context.getAuthenticationSession(), providerId()),
                error == null ? key("info.resent") : error));
    }

    /** Draws a new code (voiding the previous one) within the send limits; null or an error message key. */
    private String issue(AuthenticationFlowContext context, CodeSettings settings, String destination, UserModel user,
                         boolean signUp) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        long now = System.currentTimeMillis();
        // Counted the same for every destination, with an account or not, so the answers cannot tell them apart.
        String refused = SignInSends.take(context, providerId(), destination, settings.sendLimits(),
                user != null || signUp);
        if (refused != null) {
            if (CodeState.read(auth, providerId()) == null) {
                new CodeState(providerId(), user == null ? "" : user.getId(), destination, null, 0, 0, null).write(auth);
            }
            return refused;
        }
        String code = OneTimeCode.generate(settings.codeLength());
        String owner = user != null ? user.getId() : signUp ? CodeState.SIGN_UP : "";
        new CodeState(providerId(), owner, destination, SessionBinding.hash(session, realm, auth, code),
                now + settings.ttlSeconds() * 1000L, 0, UUID.randomUUID().toString()).write(auth);
        // Sharing Keycloak's lockout, a locked account gets a notice instead: its code is never sent, and checking
        // one fails (eligible) as an unknown account's would.
        boolean locked = user != null && settings.bruteForceLockout() && Lockout.isLockedOut(session, realm, user);
        // An account's code goes to its stored address or number, never to the form as typed (the pages show that).
        String to = user != null && destinationOf(settings, user) != null ? destinationOf(settings, user) : destination;
        if (user != null || signUp) {
            try {
                if (locked) {
                    deliverLockedNotice(context, settings, to, user, Lockout.minutesLeft(session, realm, user));
                } else {
                    deliver(context, settings, to, user, code);
                }
            } catch (DeliveryException e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                LOG.warnf("%s: could not send a code for realm %s: %s (%s: %s)", providerId(), realm.getName(),
                        e.getMessage(), root.getClass().getSimpleName(), firstLine(root.getMessage()));
                CodeState.clear(auth, providerId());
                return key("error.send");
            }
        }
        return null;
    }

    /** Checks a typed code: format, expiry, guess budget, keyed hash, then consumes it once cluster-wide. */
    private void verify(AuthenticationFlowContext context, CodeSettings settings, CodeState state, String typed) {
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        OneTimeCode.Input input = OneTimeCode.normalize(typed, settings.codeLength());
        if (input.code() == null) {
            context.challenge(codeForm(context, state, key("error.format")));
            return;
        }
        if (!state.hasCode()) {
            fail(context, state, key("error.burned"));
            return;
        }
        SingleUseObjectProvider store = SignInSends.store(context);
        long wait = SendGuard.guessesExhausted(store, context.getRealm().getId(), SignInSends.networkId(context),
                settings.wrongCodesPerClientHourly(), System.currentTimeMillis());
        if (wait > 0) {
            // Too many wrong codes from this network: nothing is compared, the person's code stays valid.
            SignInSends.waitFor(auth, providerId(), wait);
            context.challenge(codeForm(context, state, key("error.guesses")));
            return;
        }
        if (System.currentTimeMillis() > state.expiresAt()) {
            state.burned().write(auth);
            fail(context, state, key("error.expired"));
            return;
        }
        UserModel user = state.isEligible()
                ? context.getSession().users().getUserById(context.getRealm(), state.userId()) : null;
        String hash = SessionBinding.hash(context.getSession(), context.getRealm(), auth, input.code());
        if (!OneTimeCode.sameHash(state.hash(), hash)) {
            int attempts = state.attempts() + 1;
            CodeState next = attempts >= settings.maxAttempts() ? state.withAttempts(attempts).burned()
                    : state.withAttempts(attempts);
            next.write(auth);
            SendGuard.wrongGuess(store, context.getRealm().getId(), SignInSends.networkId(context),
                    settings.wrongCodesPerClientHourly(), System.currentTimeMillis());
            if (settings.bruteForceLockout()) {
                reportFailure(context, user);
                fail(context, next, next.hasCode() ? key("error.wrong") : key("error.burned"));
            } else {
                context.getEvent().error(Errors.INVALID_CODE);
                context.challenge(codeForm(context, next, next.hasCode() ? key("error.wrong") : key("error.burned")));
            }
            return;
        }
        boolean first = context.getSession().getProvider(SingleUseObjectProvider.class)
                .putIfAbsent("ciam.code.used:" + state.codeId(), Math.max(1, settings.ttlSeconds()));
        CodeState.clear(auth, providerId());
        if (first && state.isSignUp() && settings.signUp()) {
            user = signUp(context, settings, state.destination());
        }
        if (!first || user == null || !eligible(context, settings, user)) {
            fail(context, state.burned(), key("error.burned"));
            return;
        }
        onCodeAccepted(context);
        SignInSends.succeeded(context, providerId(), state.destination());
        FirstProof.proven(context, providerId(), user, destinationKind(settings), FirstProof.isFirstFactor(context.getAuthenticationSession(), providerId()),
                settings.keepEarlierAccess());
        context.setUser(user);
        Passwordless.mark(auth, providerId());
        context.success();
    }

    private void fail(AuthenticationFlowContext context, CodeState state, String message) {
        context.getEvent().error(Errors.INVALID_CODE);
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, codeForm(context, state, message));
    }

    /** An account that exists and is enabled is sent something: a code, or the notice of its lockout. */
    private static boolean mayReceive(UserModel user) {
        return user != null && user.isEnabled();
    }

    private static boolean eligible(AuthenticationFlowContext context, CodeSettings settings, UserModel user) {
        return Lockout.maySignIn(context.getSession(), context.getRealm(), user, settings.bruteForceLockout());
    }

    /**
     * Counts a wrong code against the account, only when the realm opted in ({@code brute-force-lockout}).
     * As a later step Keycloak counts it itself (the user is set on the flow and the step reports a failure);
     * as a first step the user stays unset until the code is right, so it is done here.
     */
    private void reportFailure(AuthenticationFlowContext context, UserModel user) {
        if (user != null && context.getUser() == null && context.getRealm().isBruteForceProtected()) {
            // Keycloak only counts failures of known categories ("otp" for these steps), as its own processor does.
            String category = AuthenticationManager.getAuthenticationCategory(context.getSession(), providerId());
            context.getProtector().failedLogin(context.getRealm(), user, context.getConnection(), context.getUriInfo(),
                    category == null ? Set.of() : Set.of(category));
        }
    }

    private CodeSettings config(AuthenticationFlowContext context) {
        try {
            return settings(context);
        } catch (InvalidConfigException e) {
            LOG.errorf("Realm %s: %s", context.getRealm().getName(), e.getMessage());
            context.getEvent().error(Errors.INVALID_CONFIG);
            context.failure(AuthenticationFlowError.INTERNAL_ERROR, context.form()
                    .setError(key("error.config")).createErrorPage(Response.Status.INTERNAL_SERVER_ERROR));
            return null;
        }
    }

    protected Response identifyForm(AuthenticationFlowContext context, String typed, String error) {
        var form = context.form().setAttribute("ciamDestination", typed == null ? "" : typed);
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(identifyTemplate());
    }

    protected Response codeForm(AuthenticationFlowContext context, CodeState state, String message) {
        Long retry = SignInSends.waitMinutes(context.getAuthenticationSession(), providerId());
        var form = context.form().setAttribute("ciamDestination", state == null ? "" : display(state.destination()));
        if (message != null && message.startsWith(key("info"))) {
            form.setInfo(message);
        } else if (message != null) {
            form.setError(message, retry);
        }
        return form.createForm(codeTemplate());
    }

    /**
     * The account that proved possession another way during this sign-in (e.g. a link in the code's
     * email was confirmed), or null. Called first on every visit of the step.
     */
    protected UserModel confirmedElsewhere(AuthenticationFlowContext context) {
        return null;
    }

    /** Called when the code was right, before the step succeeds. */
    protected void onCodeAccepted(AuthenticationFlowContext context) {
    }

    /** How the destination is shown on the code page (e.g. a masked phone number). */
    protected String display(String destination) {
        return destination;
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    protected static String realmName(RealmModel realm) {
        return realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
