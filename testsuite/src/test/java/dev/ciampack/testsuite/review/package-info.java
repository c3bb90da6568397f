/**
 * Attack tests written by the review of issue 12 (an identity-security review of sink secrets, the rights to
 * change sinks, notices and erasure): each reproduced a way around a guarantee, failed before the fix, and
 * stays as a regression test with its control case.
 */
package dev.ciampack.testsuite.review;
