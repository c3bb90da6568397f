/**
 * Helpers shared by the pack's modules: the User Profile declaration of server-written attributes
 * ({@link dev.ciampack.common.ManagedAttributes}), the rule for an interactive sign-in
 * ({@link dev.ciampack.common.SignIns}) and a realm's brand ({@link dev.ciampack.common.Brand}, set on the
 * themes module's admin page, read by the pack's emails). This package depends on Keycloak only, never on a module of
 * the pack, so every module may depend on it.
 */
package dev.ciampack.common;
