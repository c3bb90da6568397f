package dev.ciampack.testsuite.passwordless;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.ciampack.testsuite.http.Form;
import dev.ciampack.testsuite.http.Page;

/** One form submitted twice at once: two threads released together by a barrier, each request timed. */
final class AtOnce {

    /** A submission's result and when its request was in flight. */
    record Submitted(Page page, long startNanos, long endNanos) {
    }

    private AtOnce() {
    }

    /** Submits {@code form} with a button twice, concurrently; the results in no particular order. */
    static List<Submitted> submitTwice(Form form, String button, String value) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Submitted>> both = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                both.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    long started = System.nanoTime();
                    Page page = form.submit(button, value);
                    return new Submitted(page, started, System.nanoTime());
                }));
            }
            List<Submitted> results = new ArrayList<>();
            for (Future<Submitted> result : both) {
                results.add(result.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Whether the two requests were in flight at the same time (each started before the other ended). */
    static boolean overlapped(List<Submitted> both) {
        Submitted a = both.get(0);
        Submitted b = both.get(1);
        return a.startNanos() < b.endNanos() && b.startNanos() < a.endNanos();
    }
}
