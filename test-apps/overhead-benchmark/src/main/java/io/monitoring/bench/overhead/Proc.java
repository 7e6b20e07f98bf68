package io.monitoring.bench.overhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Linux {@code /proc/<pid>} readings. */
final class Proc {

    /** USER_HZ: the unit of utime and stime in /proc/<pid>/stat (100 on every Linux the benchmark targets). */
    static final double CLK_TCK = Double.parseDouble(System.getProperty("clk.tck", "100"));

    private Proc() {
    }

    /** utime + stime of the process (all its threads) in seconds, or -1 when it cannot be read. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may contain spaces: split after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state), so utime (field 14) is f[11] and stime (field 15) is f[12]
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLK_TCK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
