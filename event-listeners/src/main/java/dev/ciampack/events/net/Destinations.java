package dev.ciampack.events.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Where a sink may connect: the name is resolved once, every address it resolves to is checked, and
 * the caller connects to the address that was checked (never resolving the name again, so a DNS answer
 * that changes in between, "DNS rebinding", cannot slip a private address in).
 */
public final class Destinations {

    /** What {@code lastError} says of a refused destination, and nothing more about the host. */
    public static final String REFUSED = "refused: private address";

    private Destinations() {
    }

    /** A destination that the private-address rule refuses. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException() {
            super(REFUSED);
        }
    }

    /**
     * The address to connect to for {@code host} (a name or a literal).
     *
     * @param allowPrivate the operator's {@code allow-private-sinks}
     * @throws RefusedException when any address of the host is special (see {@link SpecialAddresses}) and
     *                          private sinks are not allowed
     */
    public static InetAddress checked(String host, boolean allowPrivate) throws RefusedException, UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        if (!allowPrivate && Arrays.stream(addresses).anyMatch(SpecialAddresses::isSpecial)) {
            throw new RefusedException();
        }
        return addresses[0];
    }

    /** Whether a host (e.g. a Kafka broker the cluster advertises) is refused; an unknown name is not. */
    public static boolean refused(String host, boolean allowPrivate) {
        try {
            checked(host, allowPrivate);
            return false;
        } catch (RefusedException e) {
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
