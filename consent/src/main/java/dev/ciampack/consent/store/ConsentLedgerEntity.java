package dev.ciampack.consent.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A row of {@code CIAM_CONSENT_LEDGER}; see {@link dev.ciampack.consent.spi.ConsentRecord}. */
@Entity
@Table(name = "CIAM_CONSENT_LEDGER")
@NamedQueries({
    @NamedQuery(name = "ciamConsentHistory", query = "select e from ConsentLedgerEntity e"
            + " where e.realmId = :realmId and e.userId = :userId order by e.sequence"),
    @NamedQuery(name = "ciamConsentLastSequence", query = "select max(e.sequence) from ConsentLedgerEntity e"
            + " where e.realmId = :realmId and e.userId = :userId"),
    @NamedQuery(name = "ciamConsentAnonymizeUser", query = "update ConsentLedgerEntity e"
            + " set e.userId = :pseudonym, e.ipPrefix = null, e.userAgent = null,"
            + " e.actorId = case when e.actorId = :userId then :pseudonym else e.actorId end"
            + " where e.realmId = :realmId and e.userId = :userId"),
    @NamedQuery(name = "ciamConsentDeleteUser", query = "delete from ConsentLedgerEntity e"
            + " where e.realmId = :realmId and e.userId = :userId"),
    @NamedQuery(name = "ciamConsentDeleteRealm", query = "delete from ConsentLedgerEntity e"
            + " where e.realmId = :realmId")
})
public class ConsentLedgerEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 64, nullable = false)
    private String userId;

    @Column(name = "SEQ", nullable = false)
    private long sequence;

    @Column(name = "PURPOSE_ID", length = 40, nullable = false)
    private String purposeId;

    @Column(name = "DECISION", length = 16, nullable = false)
    private String decision;

    @Column(name = "PURPOSE_VERSION", nullable = false)
    private int purposeVersion;

    @Column(name = "TEXT_HASH", length = 64, nullable = false)
    private String textHash;

    @Column(name = "LOCALE", length = 16)
    private String locale;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "CHANNEL", length = 16, nullable = false)
    private String channel;

    @Column(name = "ACTOR_ID", length = 64, nullable = false)
    private String actorId;

    @Column(name = "CLIENT_ID", length = 255)
    private String clientId;

    @Column(name = "IP_PREFIX", length = 64)
    private String ipPrefix;

    @Column(name = "USER_AGENT", length = 255)
    private String userAgent;

    /** A privacy signal sent with the decision ({@code gpc}), or null. */
    @Column(name = "PRIVACY_SIGNAL", length = 16)
    private String signal;

    public String getSignal() {
        return signal;
    }

    public void setSignal(String signal) {
        this.signal = signal;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public long getSequence() {
        return sequence;
    }

    public void setSequence(long sequence) {
        this.sequence = sequence;
    }

    public String getPurposeId() {
        return purposeId;
    }

    public void setPurposeId(String purposeId) {
        this.purposeId = purposeId;
    }

    public String getDecision() {
        return decision;
    }

    public void setDecision(String decision) {
        this.decision = decision;
    }

    public int getPurposeVersion() {
        return purposeVersion;
    }

    public void setPurposeVersion(int purposeVersion) {
        this.purposeVersion = purposeVersion;
    }

    public String getTextHash() {
        return textHash;
    }

    public void setTextHash(String textHash) {
        this.textHash = textHash;
    }

    public String getLocale() {
        return locale;
    }

    public void setLocale(String locale) {
        this.locale = locale;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getChannel() {
        return channel;
    }

    public void setChannel(String channel) {
        this.channel = channel;
    }

    public String getActorId() {
        return actorId;
    }

    public void setActorId(String actorId) {
        this.actorId = actorId;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getIpPrefix() {
        return ipPrefix;
    }

    public void setIpPrefix(String ipPrefix) {
        this.ipPrefix = ipPrefix;
    }

    public String getUserAgent() {
        return userAgent;
    }

    public void setUserAgent(String userAgent) {
        this.userAgent = userAgent;
    }
}
