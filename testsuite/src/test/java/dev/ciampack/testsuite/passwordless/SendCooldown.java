package dev.ciampack.testsuite.passwordless;

/**
 * The send cooldown of the code and link steps: one destination of a person gets at most one code or link
 * per cooldown, whatever the authentication session (the budget is cluster-wide, per person and
 * destination). Tests that need a second send to the same person wait it out.
 */
final class SendCooldown {

    private SendCooldown() {
    }

    /**
     * Waits until {@code seconds} have passed since a send that completed at {@code sentAtMillis} (a time
     * taken after the sending request returned), plus a margin.
     */
    static void waitOut(long sentAtMillis, int seconds) throws InterruptedException {
        long wait = sentAtMillis + seconds * 1000L + 300 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait); // the send cooldown, a fixed rule of the step (not an asynchronous result)
        }
    }
}
