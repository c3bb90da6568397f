package dev.ciampack.consent.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.UserEntity;

import dev.ciampack.consent.store.page.PurposeComponents;
import dev.ciampack.consent.spi.ConsentAttributes;
import dev.ciampack.consent.spi.Channel;
import dev.ciampack.consent.spi.ConsentChangedEvent;
import dev.ciampack.consent.spi.ConsentEventDetails;
import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.consent.spi.ConsentRecord;
import dev.ciampack.consent.spi.ConsentState;
import dev.ciampack.consent.spi.Decision;
import dev.ciampack.consent.spi.Provenance;
import dev.ciampack.consent.spi.Purpose;

/** Decisions on user attributes, history in {@code CIAM_CONSENT_LEDGER}, purposes in a realm attribute. */
final class DefaultConsentProvider implements ConsentProvider {

    private final KeycloakSession session;
    private final PurposeCache purposeCache;

    DefaultConsentProvider(KeycloakSession session, PurposeCache purposeCache) {
        this.session = session;
        this.purposeCache = purposeCache;
    }

    @Override
    public List<Purpose> purposes(RealmModel realm) {
        return purposeCache.get(realm);
    }

    @Override
    public Optional<Purpose> purpose(RealmModel realm, String purposeId) {
        return purposes(realm).stream().filter(p -> p.id().equals(purposeId)).findFirst();
    }

    @Override
    public void setPurposes(RealmModel realm, List<Purpose> purposes) {
        List<Purpose> valid = PurposesJson.parse(PurposesJson.write(purposes));
        PurposesJson.checkReplacement(purposeCache.get(realm), valid);
        realm.setAttribute(PurposesJson.REALM_ATTRIBUTE, PurposesJson.write(valid));
        UserProfileFragment.apply(session, realm, valid);
        PurposeComponents.sync(session, realm, valid);
    }

    @Override
    public Map<String, ConsentState> decisions(RealmModel realm, UserModel user) {
        Map<String, String> stored = storedValues(user);
        Map<String, ConsentState> states = new LinkedHashMap<>();
        for (Purpose purpose : purposes(realm)) {
            ConsentAttribute.parse(purpose.id(), stored.get(ConsentAttributes.name(purpose.id())))
                    .ifPresent(s -> states.put(purpose.id(), s));
        }
        return states;
    }

    @Override
    public ConsentRecord decide(RealmModel realm, UserModel user, String purposeId, Decision decision,
                                Provenance provenance) {
        Purpose purpose = purpose(realm, purposeId)
                .orElseThrow(() -> new IllegalArgumentException("no consent purpose '" + purposeId + "' in this realm"));
        EntityManager em = em();
        // Serialize decisions per person, so ledger order, sequence numbers and the attribute agree. The
        // refresh also reloads the user's attributes: a copy loaded before the lock (e.g. while the bearer
        // token was checked) would miss a concurrent writer's attribute row and add a second one.
        UserEntity locked = em.find(UserEntity.class, user.getId());
        if (locked != null) {
            em.refresh(locked, LockModeType.PESSIMISTIC_WRITE);
        }
        ConsentState previous = decisions(realm, user).get(purposeId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String locale = purpose.resolveLocale(provenance.locale() != null ? provenance.locale() : realm.getDefaultLocale());
        Long last = em.createNamedQuery("ciamConsentLastSequence", Long.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", user.getId()).getSingleResult();

        ConsentLedgerEntity row = new ConsentLedgerEntity();
        row.setId(UUID.randomUUID().toString());
        row.setRealmId(realm.getId());
        row.setUserId(user.getId());
        row.setSequence(last == null ? 1 : last + 1);
        row.setPurposeId(purposeId);
        row.setDecision(decision.value());
        row.setPurposeVersion(purpose.version());
        row.setTextHash(Truncation.textHash(purpose.title(locale), purpose.description(locale)));
        row.setLocale(locale);
        row.setCreatedAt(now.toEpochMilli());
        row.setChannel(provenance.channel().value());
        row.setActorId(provenance.actorId());
        row.setClientId(provenance.clientId());
        row.setIpPrefix(Truncation.ipPrefix(provenance.ipAddress()));
        row.setUserAgent(Truncation.userAgent(provenance.userAgent()));
        row.setSignal(Provenance.GPC.equals(provenance.signal()) ? Provenance.GPC : null);
        em.persist(row);

        user.setSingleAttribute(ConsentAttributes.name(purposeId),
                ConsentAttribute.format(new ConsentState(purposeId, decision, purpose.version(), now), row.getSequence()));
        ConsentRecord record = toRecord(row);
        auditEvent(realm, user, record);
        dev.ciampack.consent.receipt.ReceiptEmails.afterDecision(session, realm, user, this, record);
        session.getKeycloakSessionFactory().publish(new ConsentChangedEvent(session, realm, user, record, previous));
        return record;
    }

    /** A Keycloak event (UPDATE_CONSENT with ciam_* details) for the realm's event store and listeners. */
    private void auditEvent(RealmModel realm, UserModel user, ConsentRecord record) {
        if (session.getContext().getConnection() == null) {
            return;
        }
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.UPDATE_CONSENT)
                .user(user)
                .detail(ConsentEventDetails.PURPOSE, record.purposeId())
                .detail(ConsentEventDetails.DECISION, record.decision().value())
                .detail(ConsentEventDetails.VERSION, String.valueOf(record.purposeVersion()))
                .detail(ConsentEventDetails.CHANNEL, record.channel().value());
        if (record.signal() != null) {
            event.detail(ConsentEventDetails.SIGNAL, record.signal());
        }
        if (record.clientId() != null) {
            event.client(record.clientId());
        }
        event.success();
    }

    @Override
    public List<ConsentRecord> ledger(RealmModel realm, String purposeId, int first, int max) {
        var query = em().createQuery("select e from ConsentLedgerEntity e where e.realmId = :realmId"
                + (purposeId == null ? "" : " and e.purposeId = :purposeId")
                + " order by e.createdAt desc, e.id", ConsentLedgerEntity.class)
                .setParameter("realmId", realm.getId());
        if (purposeId != null) {
            query.setParameter("purposeId", purposeId);
        }
        return query.setFirstResult(first).setMaxResults(max).getResultStream()
                .map(DefaultConsentProvider::toRecord).toList();
    }

    @Override
    public List<ConsentRecord> history(RealmModel realm, UserModel user) {
        return em().createNamedQuery("ciamConsentHistory", ConsentLedgerEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", user.getId())
                .getResultStream().map(DefaultConsentProvider::toRecord).toList();
    }

    @Override
    public boolean mayUse(RealmModel realm, UserModel user, String purposeId) {
        Optional<Purpose> purpose = purpose(realm, purposeId);
        ConsentState state = purpose.isEmpty() ? null : decisions(realm, user).get(purposeId);
        return state != null && state.covers(purpose.get());
    }

    @Override
    public List<Purpose> pending(RealmModel realm, UserModel user) {
        Map<String, ConsentState> states = decisions(realm, user);
        List<Purpose> pending = new ArrayList<>();
        for (Purpose purpose : purposes(realm)) {
            if (ConsentState.needsAsking(purpose, states.get(purpose.id()))) {
                pending.add(purpose);
            }
        }
        return pending;
    }

    @Override
    public void close() {
    }

    /**
     * The person's consent attributes in one query, read from the database for users stored by Keycloak
     * (so a withdrawal made a moment ago on another request or node counts at once, whatever the user
     * cache holds), from the user model for federated users.
     */
    private Map<String, String> storedValues(UserModel user) {
        Map<String, String> values = new HashMap<>();
        if (user.getFederationLink() != null) {
            user.getAttributes().forEach((name, list) -> {
                if (name.startsWith(ConsentAttributes.PREFIX) && !list.isEmpty()) {
                    values.put(name, list.get(0));
                }
            });
            return values;
        }
        em().createQuery("select a.name, a.value from UserAttributeEntity a"
                        + " where a.user.id = :userId and a.name like :prefix", Object[].class)
                .setParameter("userId", user.getId()).setParameter("prefix", "ciam%")
                .getResultStream()
                .filter(row -> ((String) row[0]).startsWith(ConsentAttributes.PREFIX))
                .forEach(row -> values.putIfAbsent((String) row[0], (String) row[1]));
        return values;
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    static ConsentRecord toRecord(ConsentLedgerEntity e) {
        return new ConsentRecord(e.getId(), e.getUserId(), e.getSequence(), e.getPurposeId(),
                Decision.parse(e.getDecision()), e.getPurposeVersion(), e.getTextHash(), e.getLocale(),
                Instant.ofEpochMilli(e.getCreatedAt()), Channel.valueOf(e.getChannel().toUpperCase(java.util.Locale.ROOT)),
                e.getActorId(), e.getClientId(), e.getIpPrefix(), e.getUserAgent(), e.getSignal());
    }
}
