package dev.ciampack.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;

import dev.ciampack.common.ManagedAttributes.Attribute;

class ManagedAttributesTest {

    private static final String GROUP = "ciam-test";

    @Test
    @DisplayName("a missing attribute is declared editable by nobody and visible to administrators")
    void missing() {
        Attribute wanted = Attribute.multivalued("ciam_segments");

        assertThat(ManagedAttributes.needsDeclaration(null, wanted, GROUP)).isTrue();
        UPAttribute declared = ManagedAttributes.declaration(null, wanted, GROUP);
        assertThat(declared.getPermissions().getEdit()).isEmpty();
        assertThat(declared.getPermissions().getView()).containsExactly("admin");
        assertThat(declared.getGroup()).isEqualTo(GROUP);
        assertThat(declared.isMultivalued()).isTrue();
    }

    @Test
    @DisplayName("an attribute someone may edit is declared again, read-only, keeping who may view it")
    void editable() {
        UPAttribute existing = new UPAttribute("ciam_login_count",
                new UPAttributePermissions(Set.of("admin", "user"), Set.of("user")));
        existing.setGroup(GROUP);

        assertThat(ManagedAttributes.needsDeclaration(existing, Attribute.single("ciam_login_count"), GROUP)).isTrue();
        UPAttribute declared = ManagedAttributes.declaration(existing, Attribute.single("ciam_login_count"), GROUP);
        assertThat(declared.getPermissions().getEdit()).isEmpty();
        assertThat(declared.getPermissions().getView()).containsExactlyInAnyOrder("admin", "user");
    }

    @Test
    @DisplayName("a matching declaration is left alone; another group, shape or display name is not")
    void matching() {
        UPAttribute existing = new UPAttribute("ciam_consent_news", new UPAttributePermissions(Set.of("admin"), Set.of()));
        existing.setGroup(GROUP);
        existing.setDisplayName("News");

        assertThat(ManagedAttributes.needsDeclaration(existing, new Attribute("ciam_consent_news", "News", false), GROUP))
                .isFalse();
        assertThat(ManagedAttributes.needsDeclaration(existing, Attribute.single("ciam_consent_news"), GROUP)).isFalse();
        assertThat(ManagedAttributes.needsDeclaration(existing, new Attribute("ciam_consent_news", "Offers", false), GROUP))
                .isTrue();
        assertThat(ManagedAttributes.needsDeclaration(existing, Attribute.multivalued("ciam_consent_news"), GROUP)).isTrue();
        assertThat(ManagedAttributes.needsDeclaration(existing, Attribute.single("ciam_consent_news"), "other")).isTrue();
    }
}
