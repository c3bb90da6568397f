package dev.ciampack.testsuite.boundaries;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The module map of docs/modules.md, checked on the modules' compiled classes: a module uses only its
 * own packages, Keycloak and libraries, and the public API packages the map allows it; no package
 * depends on another that depends back on it.
 */
class ModuleBoundariesTest {

    /** A module of the pack: the packages it owns and the pack packages (APIs) it may use besides them. */
    private record Module(String name, DescribedPredicate<JavaClass> owns, List<String> mayUse) {
    }

    private static final String PACK = "dev.ciampack..";
    /** Third-party code relocated by the bundle: a library, not a module of the pack. */
    private static final String RELOCATED = "dev.ciampack.shaded..";
    private static final String COMMON = "dev.ciampack.common..";
    private static final String CONSENT_API = "dev.ciampack.consent.spi..";
    private static final String ENRICHMENT_API = "dev.ciampack.enrichment.api..";

    private static final DescribedPredicate<JavaClass> CONSENT_IMPLEMENTATION = resideInAPackage("dev.ciampack.consent..")
            .and(resideOutsideOfPackage(CONSENT_API)).as("the consent implementation (module consent)");

    private static final List<Module> MODULES = List.of(
            new Module("common", resideInAPackage(COMMON), List.of()),
            new Module("consent-spi", resideInAPackage(CONSENT_API), List.of()),
            new Module("consent", CONSENT_IMPLEMENTATION, List.of(COMMON, CONSENT_API)),
            new Module("authenticators", resideInAPackage("dev.ciampack.authenticators.."), List.of(COMMON, CONSENT_API)),
            new Module("profile-enrichment", resideInAPackage("dev.ciampack.enrichment.."), List.of(COMMON, CONSENT_API)),
            new Module("event-listeners", resideInAPackage("dev.ciampack.events.."),
                    List.of(COMMON, CONSENT_API, ENRICHMENT_API)));

    private static JavaClasses pack;

    @BeforeAll
    static void importModules() {
        // The modules' own jars only: the bundle (also on the test classpath, for its path) holds the same classes
        // rewritten to the relocated third-party packages.
        pack = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("ciam-pack-bundle") && !location.contains("/bundle/target/"))
                .importPackages("dev.ciampack.common", "dev.ciampack.consent", "dev.ciampack.authenticators",
                        "dev.ciampack.enrichment", "dev.ciampack.events");
    }

    /** Classes of {@code module} use no pack package but their own and the APIs they are allowed. */
    private static ArchRule staysInItsLane(Module module) {
        DescribedPredicate<JavaClass> allowed = resideOutsideOfPackage(PACK).or(resideInAPackage(RELOCATED))
                .or(module.owns());
        if (!module.mayUse().isEmpty()) {
            allowed = allowed.or(resideInAnyPackage(module.mayUse().toArray(String[]::new)));
        }
        return classes().that(module.owns()).should().onlyDependOnClassesThat(allowed.as("its own packages, "
                + "Keycloak, libraries or " + module.mayUse())).as("module " + module.name() + " uses only " + module.mayUse());
    }

    @Test
    @DisplayName("every module's classes are read (the rules below are not checked on nothing)")
    void everyModuleIsImported() {
        for (Module module : MODULES) {
            assertThat(pack.that(module.owns())).as(module.name()).hasSizeGreaterThan(3);
        }
    }

    @Test
    @DisplayName("modules use only each other's public APIs: no module but the bundle touches the consent implementation")
    void modulesUseOnlyPublicApis() {
        for (Module module : MODULES) {
            staysInItsLane(module).check(pack);
        }
    }

    @Test
    @DisplayName("no package cycle, within a module or between modules")
    void noPackageCycles() {
        slices().matching("dev.ciampack.(*)..").should().beFreeOfCycles().check(pack);
        slices().matching("dev.ciampack.(*).(*)..").should().beFreeOfCycles().check(pack);
    }

    @Test
    @DisplayName("control: a class reaching into the consent implementation, and a package cycle, are reported")
    void violationsAreReported() {
        Module fixture = new Module("fixture", resideInAPackage("dev.ciampack.testsuite.boundaries.fixture.."),
                List.of(COMMON, CONSENT_API));
        JavaClasses fixtures = new ClassFileImporter().importPackages("dev.ciampack.testsuite.boundaries");

        assertThatThrownBy(() -> staysInItsLane(fixture).check(fixtures))
                .isInstanceOf(AssertionError.class).hasMessageContaining("DefaultConsentProviderFactory");
        assertThatThrownBy(() -> slices().matching("dev.ciampack.testsuite.boundaries.cycle.(*)..").should()
                .beFreeOfCycles().check(fixtures)).isInstanceOf(AssertionError.class).hasMessageContaining("Cycle");
    }
}
