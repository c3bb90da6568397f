package dev.ciampack.authenticators.otp;

import java.util.List;
import java.util.Map;

/**
 * How many codes (or links) may be sent, on four axes, so that abuse stops without stopping the owner:
 * <ul>
 * <li><b>per destination and client address</b> (the tight one): a cooldown between two sends, and
 * {@code perClientAndDestination} sends per {@code windowSeconds}: a person resending, or a stranger trying
 * a person's address from one network;</li>
 * <li><b>per destination</b>, from every network, {@code perDestinationHourly} sends an hour: a stranger
 * spreading requests over many addresses. Networks the destination's owner has signed in from (with a
 * code or link sent there, in the last 30 days) are not held to it, so strangers exhausting it cannot lock
 * the owner out;</li>
 * <li><b>per client address</b>, across destinations, {@code perClientHourly} sends an hour (email
 * bombing, SMS pumping from one network);</li>
 * <li><b>per realm</b>, {@code perRealmHourly} sends an hour (SMS pumping spread over networks).</li>
 * </ul>
 * A successful sign-in gives back the sends it used and ends the cooldown.
 */
public record SendLimits(int cooldownSeconds, int perClientAndDestination, int windowSeconds, int perDestinationHourly,
                         int perClientHourly, int perRealmHourly) {

    public static final BoundedSetting RESEND_COOLDOWN =
            new BoundedSetting("resend-cooldown", "Seconds between two sends to one destination from one network", 30, 10, 300);
    public static final BoundedSetting SEND_WINDOW =
            new BoundedSetting("send-window", "Window for the per-network budget, in seconds", 900, 300, 86400);
    public static final BoundedSetting PER_CLIENT_HOURLY =
            new BoundedSetting("max-sends-per-client", "Sends per hour from one network, all destinations", 10, 1, 1000);
    public static final BoundedSetting PER_REALM_HOURLY =
            new BoundedSetting("max-sends-per-realm", "Sends per hour by the realm", 1000, 10, 1_000_000);

    /** The per-window budget of one destination from one network, labelled for what is sent and where. */
    public static BoundedSetting perClientAndDestination(String what, String destination) {
        return new BoundedSetting("max-sends", what + " per " + destination + " and network per window", 3, 1, 10);
    }

    /** The hourly ceiling of one destination from networks its owner has not signed in from. */
    public static BoundedSetting perDestinationHourly(String what, String destination) {
        return new BoundedSetting("max-sends-per-destination", what + " per " + destination
                + " per hour from new networks", 10, 3, 100);
    }

    /** The settings, in the order the admin console shows them. */
    public static List<BoundedSetting> settings(String what, String destination) {
        return List.of(RESEND_COOLDOWN, perClientAndDestination(what, destination), SEND_WINDOW,
                perDestinationHourly(what, destination), PER_CLIENT_HOURLY, PER_REALM_HOURLY);
    }

    /** Reads them from a step's configuration; refused values are added to {@code errors}. */
    public static SendLimits read(Map<String, String> config, List<String> errors, String what, String destination) {
        return new SendLimits(RESEND_COOLDOWN.read(config, errors),
                perClientAndDestination(what, destination).read(config, errors), SEND_WINDOW.read(config, errors),
                perDestinationHourly(what, destination).read(config, errors), PER_CLIENT_HOURLY.read(config, errors),
                PER_REALM_HOURLY.read(config, errors));
    }
}
