package dev.ciampack.authenticators.otp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A step's sends within one sign-in, kept in the authentication session: the counters of {@link SendGuard}
 * each send took (given back when the sign-in succeeds) and, after a refusal, the wait to show, in whole
 * minutes. The client address is Keycloak's view of the request ({@code getConnection().getRemoteAddr()},
 * which honours the server's proxy settings); the counters get keyed hashes of it and of the destination.
 */
public final class SignInSends {

    private SignInSends() {
    }

    /**
     * Takes one send of {@code destination} for this sign-in; {@code delivers} false when nothing will be sent (see
     * {@link SendGuard#trySend}).
     *
     * @return null when it may go; otherwise the message key ({@code <provider>.error.cooldown}, {@code .budget}
     *         or {@code .busy}) whose parameter {@link #waitMinutes} gives
     */
    public static String take(AuthenticationFlowContext context, String provider, String destination, SendLimits limits,
                              boolean delivers) {
        AuthenticationSessionModel auth = context.getAuthenticationSession();
        SendGuard.Outcome outcome = SendGuard.trySend(store(context), provider, context.getRealm().getId(),
                destinationId(context, destination), networkId(context), limits, Time.currentTimeMillis(), delivers);
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
        SendGuard.signedIn(store(context), context.getRealm().getId(), destinationId(context, destination),
                networkId(context), taken(auth, provider));
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

    /**
     * The client's network as the counters know it ({@link Networks}: the address for IPv4, the /64 for IPv6), as a
     * keyed hash (the realm's HMAC key), so the single-use store never holds the address.
     */
    public static String networkId(AuthenticationFlowContext context) {
        return keyed(context, "net", Networks.of(context.getConnection().getRemoteAddr()));
    }

    /** A destination as the counters know it: a keyed hash of the address or number, case-insensitive. */
    static String destinationId(AuthenticationFlowContext context, String destination) {
        return keyed(context, "dest", destination.toLowerCase(Locale.ROOT));
    }

    private static String keyed(AuthenticationFlowContext context, String kind, String value) {
        return OneTimeCode.hash(SessionBinding.hashKey(context.getSession(), context.getRealm()), value,
                "ciam.limit." + kind).replace('/', '_').replace('+', '-');
    }

    static SingleUseObjectProvider store(AuthenticationFlowContext context) {
        return context.getSession().getProvider(SingleUseObjectProvider.class);
    }

    private static List<String> taken(AuthenticationSessionModel auth, String provider) {
        String note = auth.getAuthNote(provider + ".sends");
        return note == null || note.isBlank() ? List.of() : Arrays.asList(note.split(" "));
    }
}
