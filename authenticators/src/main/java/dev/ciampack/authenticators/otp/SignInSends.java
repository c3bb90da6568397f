package dev.ciampack.authenticators.otp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A step's sends within one sign-in, kept in the authentication session: the counters of {@link SendGuard}
 * each send took (given back when the sign-in succeeds) and, after a refusal, the wait to show, in whole
 * minutes. The client address is Keycloak's view of the request ({@code getConnection().getRemoteAddr()},
 * which honours the server's proxy settings).
 */
public final class SignInSends {

    private SignInSends() {
    }

    /**
     * Takes one send of {@code destination} for this sign-in.
     *
     * @return null when it may go; otherwise the message key ({@code <provider>.error.cooldown}, {@code .budget}
     *         or {@code .busy}) whose parameter {@link #waitMinutes} gives
     */
    public static String take(AuthenticationFlowContext context, String provider, String destination, SendLimits limits) {
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        SendGuard.Outcome outcome = SendGuard.trySend(store(context), provider, context.getRealm().getId(), destination,
                client(context), limits, System.currentTimeMillis());
        if (!outcome.allowed()) {
            auth.setAuthNote(provider + ".retry-after", String.valueOf((outcome.retryAfterSeconds() + 59) / 60));
            return provider + switch (outcome.refusal()) {
                case COOLDOWN -> ".error.cooldown";
                case BUDGET -> ".error.budget";
                case REALM -> ".error.busy";
            };
        }
        List<String> taken = new ArrayList<>(taken(auth, provider));
        taken.addAll(outcome.taken());
        auth.setAuthNote(provider + ".sends", String.join(" ", taken));
        return null;
    }

    /** The sign-in succeeded with what was sent to {@code destination}: its sends are given back. */
    public static void succeeded(AuthenticationFlowContext context, String provider, String destination) {
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        SendGuard.signedIn(store(context), context.getRealm().getId(), destination, client(context), taken(auth, provider));
        auth.removeAuthNote(provider + ".sends");
    }

    /**
     * The whole minutes to wait after the last refusal (0 if none), as the message parameter: a number, for the
     * messages' choice format ("1 minute", "13 minutes"); never raw seconds.
     */
    public static Long waitMinutes(AuthenticationSessionModel auth, String provider) {
        String minutes = auth.getAuthNote(provider + ".retry-after");
        return minutes == null ? 0L : Long.valueOf(minutes);
    }

    /** Notes the wait (in seconds) of a refusal that is not a send (too many wrong codes from the network). */
    public static void waitFor(AuthenticationSessionModel auth, String provider, long seconds) {
        auth.setAuthNote(provider + ".retry-after", String.valueOf((seconds + 59) / 60));
    }

    public static String client(AuthenticationFlowContext context) {
        return context.getConnection().getRemoteAddr();
    }

    static SingleUseObjectProvider store(AuthenticationFlowContext context) {
        return context.getSession().getProvider(SingleUseObjectProvider.class);
    }

    private static List<String> taken(AuthenticationSessionModel auth, String provider) {
        String note = auth.getAuthNote(provider + ".sends");
        return note == null || note.isBlank() ? List.of() : Arrays.asList(note.split(" "));
    }
}
