package dev.ciampack.consent.spi;

/**
 * The user attributes that hold current consent decisions, one per purpose. Only the consent store
 * writes them; other modules must never write an attribute with this prefix (an import or a form that
 * did would be a decision without a ledger row).
 */
public final class ConsentAttributes {

    /** Every consent attribute's name starts with this. */
    public static final String PREFIX = "ciam_consent_";

    private ConsentAttributes() {
    }

    /** The attribute holding the decision on {@code purposeId}. */
    public static String name(String purposeId) {
        return PREFIX + purposeId;
    }
}
