package dev.ciampack.consent.spi;

import java.time.Instant;

/**
 * One row of the consent ledger, written once and never changed (except anonymized on user
 * deletion, see the module docs).
 *
 * @param id             unique id of the row
 * @param userId         the person (after anonymization: {@code deleted:<random>})
 * @param sequence       1, 2, 3 ... per person: the order of their decisions, without gaps
 * @param purposeId      the purpose decided on
 * @param decision       granted or withdrawn
 * @param purposeVersion the purpose's version at the time
 * @param textHash       SHA-256 (hex) of the notice text shown: title, a newline, description, in {@code locale}
 * @param locale         the language of that text
 * @param time           when, UTC
 * @param channel        where
 * @param actorId        who recorded it (the person, or an administrator)
 * @param clientId       the OAuth client, if any
 * @param ipPrefix       the truncated network address, e.g. {@code 203.0.113.0/24}
 * @param userAgent      the truncated user agent
 * @param signal         the privacy signal sent with the decision ({@link Provenance#GPC}), or null
 */
public record ConsentRecord(String id, String userId, long sequence, String purposeId, Decision decision,
                            int purposeVersion, String textHash, String locale, Instant time, Channel channel,
                            String actorId, String clientId, String ipPrefix, String userAgent, String signal) {

    /** A record without a privacy signal. */
    public ConsentRecord(String id, String userId, long sequence, String purposeId, Decision decision, int purposeVersion,
                         String textHash, String locale, Instant time, Channel channel, String actorId, String clientId,
                         String ipPrefix, String userAgent) {
        this(id, userId, sequence, purposeId, decision, purposeVersion, textHash, locale, time, channel, actorId, clientId,
                ipPrefix, userAgent, null);
    }
}
