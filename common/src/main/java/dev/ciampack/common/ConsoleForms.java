package dev.ciampack.common;

import java.util.List;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What Keycloak 26.7's admin console puts into an extension page's component besides the form: its page handler
 * copies the route's parameters into the config on every save, {@code realm} and {@code providerId} always and, when
 * an existing item is edited, {@code id} set to the component's own id. A page whose form has a field named
 * {@code id} would see it replaced by that id; {@link #clean} takes the parameters out again.
 */
public final class ConsoleForms {

    /** Route parameters of the console's page-section routes. */
    static final List<String> ROUTE_PARAMETERS = List.of("realm", "providerId");
    static final String ID = "id";

    private ConsoleForms() {
    }

    /**
     * The form of the page {@code page} with message keys for its texts: each field's label is
     * {@code <page>.<field>} and its help {@code <page>.<field>.help}. The admin console looks every label, help and
     * the page's title ({@code <page>}) and help ({@code <page>.help}, see {@link #help}) up in the admin theme's
     * messages in the administrator's language; the pack's modules ship them in English and Brazilian Portuguese as
     * theme-resources messages, and a realm's localization texts override them.
     */
    public static List<ProviderConfigProperty> keyed(String page, List<ProviderConfigProperty> fields) {
        for (ProviderConfigProperty field : fields) {
            field.setLabel(page + "." + field.getName());
            field.setHelpText(page + "." + field.getName() + ".help");
        }
        return List.copyOf(fields);
    }

    /** The message key of the page's help text (shown under its title). */
    public static String help(String page) {
        return page + ".help";
    }

    /**
     * A refusal whose text reaches the administrator as written. Keycloak's components API formats a refusal's message
     * as a {@link java.text.MessageFormat} pattern, which drops single quotes and chokes on braces; as the one argument
     * of the pattern {@code {0}} the text is left alone. Logs (which print the localized message) show the text.
     */
    public static ComponentValidationException refusal(String message) {
        return new Refusal(message);
    }

    private static final class Refusal extends ComponentValidationException {

        private static final long serialVersionUID = 1L;
        private final String text;

        Refusal(String text) {
            super("{0}", text);
            this.text = text;
        }

        @Override
        public String getLocalizedMessage() {
            return text;
        }
    }

    /**
     * Removes the console's route parameters from {@code model}'s config. An {@code id} equal to the component's own
     * id is the route's: it is given back the stored component's value (or removed when that had none).
     */
    public static void clean(ComponentModel model, ComponentModel stored) {
        ROUTE_PARAMETERS.forEach(model.getConfig()::remove);
        List<String> id = model.getConfig().get(ID);
        if (model.getId() != null && id != null && id.size() == 1 && model.getId().equals(id.get(0))) {
            List<String> before = stored == null ? null : stored.getConfig().get(ID);
            if (before == null) {
                model.getConfig().remove(ID);
            } else {
                model.getConfig().put(ID, before);
            }
        }
    }
}
