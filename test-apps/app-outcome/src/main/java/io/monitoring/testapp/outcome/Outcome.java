package io.monitoring.testapp.outcome;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A call's outcome as text, everything the application could observe of it: the value it returned, or the
 * exception with its class, message, SQL state and error code, update counts of a failed batch, every stack
 * frame, its causes, suppressed and next exceptions. Two runs of the same call with and without the agent
 * must give the same text.
 */
public final class Outcome {
    /** A call of the library under test. */
    @FunctionalInterface
    public interface Call {
        Object run() throws Exception;
    }

    private Outcome() {
    }

    public static String of(Call call) {
        try {
            return "returned " + value(call.run());
        } catch (Throwable t) {
            StringBuilder out = new StringBuilder("threw ");
            describe(t, "", out, Collections.newSetFromMap(new IdentityHashMap<>()));
            return out.toString();
        }
    }

    static String value(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        if (value instanceof int[] ints) {
            return Arrays.toString(ints);
        }
        if (value instanceof long[] longs) {
            return Arrays.toString(longs);
        }
        if (value instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        }
        return String.valueOf(value);
    }

    private static void describe(Throwable t, String indent, StringBuilder out, Set<Throwable> seen) {
        if (!seen.add(t)) {
            out.append("[circular ").append(t.getClass().getName()).append("]\n");
            return;
        }
        out.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        if (t instanceof SQLException sql) {
            out.append(indent).append("  sqlState=").append(sql.getSQLState()).append(" errorCode=")
                    .append(sql.getErrorCode()).append('\n');
            if (t instanceof BatchUpdateException batch) {
                out.append(indent).append("  updateCounts=").append(Arrays.toString(batch.getUpdateCounts())).append('\n');
            }
        }
        StackTraceElement[] frames = t.getStackTrace();
        int shown = 0;
        while (shown < frames.length && !frames[shown].getClassName().startsWith("java.util.concurrent.")) {
            out.append(indent).append("  at ").append(frames[shown++]).append('\n');
        }
        if (shown < frames.length) {
            // Beneath the first frame of a future or a pool is how work was scheduled: whether a future had
            // completed when a stage was added, which thread ran it. That differs between runs of the same app
            // (measured: the JDK client's refused connect, with and without the agent), so it is summed up, except
            // for a frame of the agent, which must never be there and would be shown.
            out.append(indent).append("  ... scheduling frames from ").append(frames[shown].getClassName()).append('\n');
            for (int i = shown; i < frames.length; i++) {
                String name = frames[i].getClassName();
                if (name.startsWith("io.monitoring.agent") || name.contains("bytebuddy")) {
                    out.append(indent).append("  at ").append(frames[i]).append('\n');
                }
            }
        }
        for (Throwable suppressed : t.getSuppressed()) {
            out.append(indent).append("  suppressed: ");
            describe(suppressed, indent + "  ", out, seen);
        }
        if (t instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != t.getCause()) {
            out.append(indent).append("next: ");
            describe(sql.getNextException(), indent, out, seen);
        }
        if (t.getCause() != null) {
            out.append(indent).append("caused by: ");
            describe(t.getCause(), indent, out, seen);
        }
    }
}
