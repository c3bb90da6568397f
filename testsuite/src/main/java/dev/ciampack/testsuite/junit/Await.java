package dev.ciampack.testsuite.junit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Waiting for asynchronous results without fixed sleeps: poll a probe every {@link #POLL} until a
 * condition holds or a deadline passes. The caller asserts on the value returned, so a timeout fails
 * with the last value seen rather than with "condition not met".
 */
public final class Await {

    /** Pause between two polls. */
    public static final Duration POLL = Duration.ofMillis(100);

    private Await() {
    }

    /** Reads a value that may change while the test waits (a count, a status, a page). */
    @FunctionalInterface
    public interface Probe<T> {
        T read() throws Exception;
    }

    /**
     * Polls until {@code done} holds or {@code timeout} passes; returns the last value read either way.
     */
    public static <T> T until(Probe<T> probe, Predicate<? super T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read(probe);
        while (!done.test(value) && System.nanoTime() < deadline) {
            pause();
            value = read(probe);
        }
        return value;
    }

    /**
     * Polls for the whole {@code period} and fails as soon as the value differs from the one read first
     * (to show that nothing more happens, e.g. no delivery after the queue is empty); returns that value.
     */
    public static <T> T unchangedFor(Probe<T> probe, Duration period, String what) {
        long deadline = System.nanoTime() + period.toNanos();
        T first = read(probe);
        while (System.nanoTime() < deadline) {
            pause();
            T now = read(probe);
            if (!Objects.equals(first, now)) {
                throw new AssertionError(what + " changed from " + first + " to " + now + " within " + period);
            }
        }
        return first;
    }

    private static <T> T read(Probe<T> probe) {
        try {
            return probe.read();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the awaited value: " + e, e);
        }
    }

    private static void pause() {
        try {
            // The poll interval: the wait ends on the condition, not on this pause.
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
