package dev.ciampack.testsuite.boundaries.cycle.b;

import dev.ciampack.testsuite.boundaries.cycle.a.A;

/** A fixture for the boundaries test's control case: the other half of a package cycle. */
public final class B {

    public A other() {
        return new A();
    }
}
