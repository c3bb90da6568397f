package dev.ciampack.consent.store;

/** The pack version from the bundle's manifest ({@code dev} when run from classes). */
final class PackVersion {

    private PackVersion() {
    }

    static String get() {
        String version = PackVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
