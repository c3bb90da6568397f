package dev.ciampack.testsuite.boundaries.cycle.a;

import dev.ciampack.testsuite.boundaries.cycle.b.B;

/** A fixture for the boundaries test's control case: half of a package cycle. */
public final class A {

    public B other() {
        return new B();
    }
}
