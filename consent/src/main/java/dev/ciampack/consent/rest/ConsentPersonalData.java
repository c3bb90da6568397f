package dev.ciampack.consent.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.ciampack.consent.receipt.ConsentReceipts;
import dev.ciampack.consent.spi.ConsentProvider;
import dev.ciampack.consent.spi.ConsentRecord;
import dev.ciampack.consent.spi.PersonalDataSection;

/**
 * Section {@code consent}: the person's current decision on every purpose, their full ledger history and
 * each record's signed receipt. A decision an administrator recorded says so ({@code recordedBy}) without
 * naming the administrator: the export holds nothing about other people.
 */
public final class ConsentPersonalData extends PersonalDataSection {

    public static final String ID = "consent";

    public ConsentPersonalData() {
        super(ID, 90);
    }

    @Override
    public Object collect(KeycloakSession session, RealmModel realm, UserModel user) {
        ConsentProvider consent = session.getProvider(ConsentProvider.class);
        List<ConsentRecord> history = consent.history(realm, user);
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("decisions", Views.consents(consent, realm, user, null));
        section.put("history", history.stream().map(r -> {
            Map<String, Object> view = Views.record(r);
            view.remove("actorId");
            view.put("recordedBy", user.getId().equals(r.actorId()) ? "self" : "administrator");
            return view;
        }).toList());
        Map<String, String> receipts = new LinkedHashMap<>();
        history.forEach(r -> receipts.put(r.id(), ConsentReceipts.issue(session, realm, consent, r)));
        section.put("receipts", receipts);
        return section;
    }
}
