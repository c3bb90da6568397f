package dev.ciampack.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

class ConsoleFormsTest {

    private static ComponentModel component(String id, String... pairs) {
        ComponentModel model = new ComponentModel();
        model.setId(id);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            config.putSingle(pairs[i], pairs[i + 1]);
        }
        model.setConfig(config);
        return model;
    }

    @Test
    @DisplayName("the console's route parameters are taken out; a field named id keeps the stored value")
    void routeParametersRemoved() {
        ComponentModel stored = component("c-1", "id", "crm");
        ComponentModel edited = component("c-1", "id", "c-1", "realm", "shop", "providerId", "ciam-event-sinks",
                "url", "https://crm.example/hook");
        ConsoleForms.clean(edited, stored);
        assertThat(edited.getConfig()).containsOnlyKeys("id", "url");
        assertThat(edited.getConfig().get("id")).isEqualTo(List.of("crm"));

        ComponentModel renamed = component("c-1", "id", "crm-2");
        ConsoleForms.clean(renamed, stored);
        assertThat(renamed.getConfig().getFirst("id")).as("a real change of the field is kept").isEqualTo("crm-2");

        ComponentModel page = component("c-2", "id", "c-2", "primaryColor", "#000000");
        ConsoleForms.clean(page, component("c-2", "primaryColor", "#ffffff"));
        assertThat(page.getConfig()).containsOnlyKeys("primaryColor");
    }

    @Test
    @DisplayName("a refusal's text survives Keycloak's message formatting, quotes and braces included")
    void refusalKeepsText() {
        String text = "a sink with id 'crm' exists; e.g. {\"en\": \"...\"}";
        ComponentValidationException e = ConsoleForms.refusal(text);
        assertThat(MessageFormat.format(e.getMessage(), e.getParameters())).isEqualTo(text);
        assertThat(e.toString()).as("as logged").endsWith(": " + text);
    }

    @Test
    @DisplayName("a page's fields get message keys for label and help, named after the page and the field")
    void fieldsKeyed() {
        List<ProviderConfigProperty> fields = ConsoleForms.keyed("ciam-test", ProviderConfigurationBuilder.create()
                .property().name("colour").type(ProviderConfigProperty.STRING_TYPE).defaultValue("#000000").add()
                .property().name("on").type(ProviderConfigProperty.BOOLEAN_TYPE).add().build());
        assertThat(fields).extracting(ProviderConfigProperty::getLabel)
                .containsExactly("ciam-test.colour", "ciam-test.on");
        assertThat(fields).extracting(ProviderConfigProperty::getHelpText)
                .containsExactly("ciam-test.colour.help", "ciam-test.on.help");
        assertThat(fields.get(0).getDefaultValue()).isEqualTo("#000000");
        assertThat(ConsoleForms.help("ciam-test")).isEqualTo("ciam-test.help");
    }
}
