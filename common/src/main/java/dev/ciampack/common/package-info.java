/**
 * Helpers shared by the pack's modules: the User Profile declaration of server-written attributes
 * ({@link dev.ciampack.common.ManagedAttributes}) and the rule for an interactive sign-in
 * ({@link dev.ciampack.common.SignIns}). This package depends on Keycloak only, never on a module of
 * the pack, so every module may depend on it.
 */
package dev.ciampack.common;
