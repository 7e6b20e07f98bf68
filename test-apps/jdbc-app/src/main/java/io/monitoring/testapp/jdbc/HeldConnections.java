package io.monitoring.testapp.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

/**
 * Connections borrowed from a pool (Hikari's, Tomcat JDBC's) by background threads and held until released, so
 * that a test can see the pool's active (and, beyond the pool size, pending) counts move.
 */
final class HeldConnections {

    /** How long {@link #release} waits for the hold threads of a database to finish. */
    static final long RELEASE_WAIT_MILLIS = 35_000;

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** The hold threads of one database that have not been released yet. */
    private static final class Holders {
        final CountDownLatch release = new CountDownLatch(1);
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final AtomicInteger returned = new AtomicInteger();
    }

    /** What {@link #release} did: connections given back, and hold threads still running at the deadline. */
    record Released(int connections, int unfinished) {
    }

    private final Map<Object, Holders> holders = new ConcurrentHashMap<>();

    /**
     * Starts {@code count} daemon threads, each borrowing one connection from {@code pool} and holding
     * it until {@link #release}. Threads that find the pool exhausted wait in {@code getConnection()}.
     */
    void hold(Object key, DataSource pool, int count) {
        Holders h = holders.computeIfAbsent(key, d -> new Holders());
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> holdOne(pool, h),
                    "hold-" + key + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            h.threads.add(t);
            t.start();
        }
    }

    private static void holdOne(DataSource pool, Holders h) {
        try (Connection ignored = pool.getConnection()) {
            h.release.await(); // returns at once if already released
            h.returned.incrementAndGet();
        } catch (SQLException e) {
            // connectionTimeout elapsed or pool closed: nothing was held
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Releases every connection held for {@code db}; threads still waiting for a connection get one
     * and give it back at once. Waits (at most {@link #RELEASE_WAIT_MILLIS}) for all of them to finish.
     */
    Released release(Object key) throws InterruptedException {
        Holders h = holders.remove(key);
        if (h == null) {
            return new Released(0, 0);
        }
        h.release.countDown();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RELEASE_WAIT_MILLIS);
        int unfinished = 0;
        for (Thread t : h.threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                t.join(left);
            }
            if (t.isAlive()) {
                unfinished++;
            }
        }
        return new Released(h.returned.get(), unfinished);
    }
}
