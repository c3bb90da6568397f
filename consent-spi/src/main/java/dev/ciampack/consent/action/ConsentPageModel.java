package dev.ciampack.consent.action;

import java.util.List;

/**
 * What {@code ciam-consent.ftl} shows, as {@code ciamConsent} in the template.
 *
 * @param review true when reached through {@code kc_action} (all purposes, current choices ticked)
 * @param items  the purposes to decide on
 */
public record ConsentPageModel(boolean review, List<Item> items) {

    /**
     * @param id          purpose id; the checkbox is named {@code purpose_<id>}
     * @param title       localized title
     * @param description localized notice text
     * @param policyUrl   link to the policy, or null
     * @param required    sign-in needs a grant
     * @param checked     ticked when the page opens (only in review mode, for current grants)
     * @param changed     asked again because the purpose's version changed
     */
    public record Item(String id, String title, String description, String policyUrl, boolean required,
                       boolean checked, boolean changed) {

        public String getId() {
            return id;
        }

        public String getTitle() {
            return title;
        }

        public String getDescription() {
            return description;
        }

        public String getPolicyUrl() {
            return policyUrl;
        }

        public boolean isRequired() {
            return required;
        }

        public boolean isChecked() {
            return checked;
        }

        public boolean isChanged() {
            return changed;
        }
    }

    public boolean isReview() {
        return review;
    }

    public List<Item> getItems() {
        return items;
    }
}
