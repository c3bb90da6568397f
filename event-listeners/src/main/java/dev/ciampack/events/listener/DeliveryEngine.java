package dev.ciampack.events.listener;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.AbstractKeycloakTransaction;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;

/**
 * Where delivery runs on a node: one drain thread ({@code ciam-events-drain}) that claims due rows and applies
 * the outcomes in its own transactions, and a bounded pool of delivery threads ({@code ciam-events-delivery-N})
 * that does the network I/O of a batch concurrently. Keycloak's timer thread only asks for a run (every
 * {@code drain-interval-seconds}, the safety net for crashes and retries); a transaction that wrote rows asks
 * for one right after it commits ({@link #wakeAfterCommit}), so a row leaves within milliseconds; a run that
 * leaves a retry for later asks for a run at its due time.
 *
 * <p>Requests coalesce: at most one run is queued behind the running one, however many commits ask. A commit's
 * request starts that run {@code linger} later (default 20 ms), so the rows of the commits in between share one
 * batch: a busy node runs a few dozen batches a second instead of one per sign-in, each with its own
 * transaction, claim and order check (a request that finds a run queued already adds no wait). The pool
 * is not Keycloak's {@code ExecutorsProvider}: that one has an unbounded queue, cannot be sized per task
 * without undeclared options, and shows nothing in metrics. Here the queue holds at most {@code 4 x threads}
 * lanes; when full, the drain thread runs the lane itself (back pressure, nothing dropped). The pool's size,
 * activity and queue are on {@code /metrics} as {@code executor_*{name="ciam-events-delivery"}}. On shutdown
 * both stop; rows in flight whose batch did not commit stay queued and are sent again later (at least once;
 * receivers deduplicate by {@code webhook-id}).
 */
final class DeliveryEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeliveryEngine.class);
    private static final String WAKE_ATTRIBUTE = DeliveryEngine.class.getName() + ".wake";

    private final ScheduledExecutorService drainThread;
    /** When the next run asked for by a retry's due time is scheduled (epoch millis; MAX_VALUE: none). */
    private final AtomicLong scheduledAt = new AtomicLong(Long.MAX_VALUE);
    private final ExecutorService pool;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean housekeepingDue = new AtomicBoolean(true);
    private volatile KeycloakSessionFactory factory;
    private volatile CiamDrainer drainer;
    private volatile boolean closed;

    private final long lingerMillis;

    DeliveryEngine(int threads) {
        this(threads, 0);
    }

    DeliveryEngine(int threads, long lingerMillis) {
        this.lingerMillis = lingerMillis;
        ScheduledThreadPoolExecutor single = new ScheduledThreadPoolExecutor(1, named("ciam-events-drain"));
        single.setRemoveOnCancelPolicy(true);
        drainThread = single;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(4 * threads), named("ciam-events-delivery-"), new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
        pool = ExecutorServiceMetrics.monitor(Metrics.globalRegistry, executor, "ciam-events-delivery");
    }

    /** Starts taking requests (after Keycloak's migration, when the outbox table exists). */
    void start(KeycloakSessionFactory factory, CiamDrainer drainer) {
        this.factory = factory;
        this.drainer = drainer;
        wake();
    }

    /** The delivery threads (lanes of a batch run there). */
    ExecutorService pool() {
        return pool;
    }

    /** The periodic request: a run, with retention, stale-row housekeeping and the backlog gauges. */
    void tick() {
        housekeepingDue.set(true);
        wake();
    }

    /** Asks for a run; returns at once. */
    void wake() {
        wake(0);
    }

    /** Asks for a run that starts {@code delayMillis} from now, unless one is queued already. */
    private void wake(long delayMillis) {
        if (drainer == null || closed) {
            return;
        }
        if (requested.compareAndSet(false, true)) {
            try {
                if (delayMillis > 0) {
                    drainThread.schedule(this::run, delayMillis, TimeUnit.MILLISECONDS);
                } else {
                    drainThread.execute(this::run);
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                requested.set(false);
            }
        }
    }

    /** Asks for a run once this session's transaction has committed (nothing if it rolls back). */
    void wakeAfterCommit(KeycloakSession session) {
        if (session.getAttribute(WAKE_ATTRIBUTE) != null) {
            return;
        }
        session.setAttribute(WAKE_ATTRIBUTE, Boolean.TRUE);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                wake(lingerMillis);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /** A run when a retry falls due (rows retried on this node do not wait for the periodic drain). */
    private void wakeAt(java.time.Instant due) {
        long at = due.toEpochMilli();
        long current = scheduledAt.get();
        if (closed || (current <= at && current > System.currentTimeMillis()) || !scheduledAt.compareAndSet(current, at)) {
            return;
        }
        try {
            drainThread.schedule(() -> {
                scheduledAt.compareAndSet(at, Long.MAX_VALUE);
                wake();
            }, Math.max(0, at - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            scheduledAt.set(Long.MAX_VALUE);
        }
    }

    private void run() {
        requested.set(false);
        if (closed) {
            return;
        }
        try {
            CiamDrainer.Outcome outcome = drainer.runOnce(factory, housekeepingDue.getAndSet(false));
            if (outcome.more()) {
                wake();
            } else if (outcome.nextDue() != null) {
                wakeAt(outcome.nextDue());
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warnf(e, "ciam-events: a drain run failed; the next one tries again");
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        drainThread.shutdown();
        pool.shutdown();
        try {
            if (!drainThread.awaitTermination(20, TimeUnit.SECONDS)) {
                drainThread.shutdownNow();
            }
            pool.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }
}
