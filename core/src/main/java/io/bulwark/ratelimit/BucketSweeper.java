package io.bulwark.ratelimit;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread for the JVM that has each {@link LocalBucketStore} forget its full buckets now
 * and then. It holds stores weakly: a store nobody uses any more is collected, and its sweep stops.
 */
final class BucketSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(BucketSweeper.class);
    private static final ScheduledThreadPoolExecutor EXECUTOR = executor();

    private BucketSweeper() {
    }

    private static ScheduledThreadPoolExecutor executor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            // No thread-locals inherited from whichever request thread built the first store.
            Thread thread = new Thread(null, task, "bulwark-bucket-sweeper", 0, false);
            thread.setDaemon(true);
            thread.setContextClassLoader(BucketSweeper.class.getClassLoader());
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        // The thread lives while sweeps are scheduled and ends a minute after the last store closed
        // or was collected, so an application that undeploys leaves no thread behind.
        executor.setKeepAliveTime(1, TimeUnit.MINUTES);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    static Sweep schedule(LocalBucketStore store, Duration interval) {
        Sweep sweep = new Sweep(new WeakReference<>(store));
        long nanos = interval.toNanos();
        sweep.future = EXECUTOR.scheduleWithFixedDelay(sweep, nanos, nanos, TimeUnit.NANOSECONDS);
        return sweep;
    }

    /** The periodic sweep of one store. */
    static final class Sweep implements Runnable {
        private final WeakReference<LocalBucketStore> store;
        private volatile @Nullable ScheduledFuture<?> future;
        private long runs;

        private Sweep(WeakReference<LocalBucketStore> store) {
            this.store = store;
        }

        @Override
        public void run() {
            LocalBucketStore target = store.get();
            if (target == null) {
                cancel();
                return;
            }
            try {
                target.forgetFullBuckets();
            } catch (RuntimeException e) {
                // Never let one failure end the sweeps: the next one tries again.
                LOG.atWarn().addKeyValue("error", e.getClass().getName()).log("Sweeping full rate-limit buckets failed");
            }
            synchronized (this) {
                runs++;
                notifyAll();
            }
        }

        /** How many sweeps have run (tests wait on it rather than sleep). */
        synchronized long runs() {
            return runs;
        }

        /**
         * Waits until at least {@code count} sweeps have run.
         *
         * @return whether they had within the timeout
         */
        synchronized boolean awaitRuns(long count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            long left;
            while (runs < count && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return runs >= count;
        }

        void cancel() {
            ScheduledFuture<?> scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
