package dev.ciampack.consent.action;

import java.util.List;

/**
 * What {@code ciam-consent.ftl} shows, as {@code ciamConsent} in the template: {@code review} is true
 * when reached through {@code kc_action} (all purposes, current grants ticked); {@code items} are the
 * purposes to decide on. Plain getters, so FreeMarker reads {@code ciamConsent.review} as a boolean.
 */
public final class ConsentPageModel {

    private final boolean review;
    private final List<Item> items;
    private final boolean gpc;

    ConsentPageModel(boolean review, List<Item> items, boolean gpc) {
        this.review = review;
        this.items = List.copyOf(items);
        this.gpc = gpc;
    }

    public boolean isReview() {
        return review;
    }

    /** The browser sent Global Privacy Control and a purpose on the page is a sale or sharing of data. */
    public boolean isGpc() {
        return gpc;
    }

    public List<Item> getItems() {
        return items;
    }

    /** One purpose on the page; its checkbox is named {@code purpose_<id>}. */
    public static final class Item {
        private final String id;
        private final String title;
        private final String description;
        private final String policyUrl;
        private final boolean required;
        private final boolean checked;
        private final boolean changed;
        private final boolean neededAgain;
        private final boolean gpcOptOut;
        private final String receipt;

        Item(String id, String title, String description, String policyUrl, boolean required, boolean checked,
             boolean changed, boolean neededAgain, boolean gpcOptOut, String receipt) {
            this.gpcOptOut = gpcOptOut;
            this.receipt = receipt;
            this.id = id;
            this.title = title;
            this.description = description;
            this.policyUrl = policyUrl;
            this.required = required;
            this.checked = checked;
            this.changed = changed;
            this.neededAgain = neededAgain;
        }

        public String getId() {
            return id;
        }

        public String getTitle() {
            return title;
        }

        public String getDescription() {
            return description;
        }

        /** Link to the full policy, or null. */
        public String getPolicyUrl() {
            return policyUrl;
        }

        /** Sign-in needs a grant. */
        public boolean isRequired() {
            return required;
        }

        /** Ticked when the page opens (review mode, current grants only). */
        public boolean isChecked() {
            return checked;
        }

        /** Asked again because the purpose's version changed. */
        public boolean isChanged() {
            return changed;
        }

        /** Review page: a download link with the signed receipt of the last decision on it, or null. */
        public String getReceipt() {
            return receipt;
        }

        /** Global Privacy Control opts the person out of it: unticked, and "accept all" leaves it so. */
        public boolean isGpcOptOut() {
            return gpcOptOut;
        }

        /** Asked again because it is required and the person withdrew or refused it. */
        public boolean isNeededAgain() {
            return neededAgain;
        }
    }
}
