package io.monitoring.agent.metrics;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.UnixOperatingSystemMXBean;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * The JVM and process metrics ({@code jvm_*}, {@code process_*}) with exactly the names, help, units, labels and
 * values of the Prometheus client's {@code JvmMetrics} (instrumentation-jvm 1.10), which the dashboards and alert
 * rules use, read from the platform MXBeans when scraped.
 *
 * <p>Written here rather than registered from that module because, in every application, its ten builders and
 * ~45 callback lambdas loaded ~115 classes, and asking the platform MBean server whether native memory tracking
 * is on started that server (~150 JDK classes: the MBean registry, open types, JFR's diagnostic commands): 250 of
 * the 1,004 classes the agent added to the Spring Boot test app. Whether native memory tracking is on is now read
 * from the JVM's arguments, and the MBean server used only when it is; on Linux the process metrics are read from
 * /proc, as the Go client reads them (the OperatingSystemMXBean brought ~25 classes). {@code JvmMetricsTest} compares every family, label set,
 * help text and unit with that module's own output.
 */
@SuppressWarnings("deprecation") // MetricMetadata(name, expositionBaseName, help, unit): as the client's Counter and Info
public final class JvmMetrics implements MultiCollector, NotificationListener {
  private static final Pattern NATIVE_MEMORY_LINE =
      Pattern.compile("\\s*([A-Z][A-Za-z\\s]*[A-Za-z]+).*reserved=(\\d+), committed=(\\d+)");
  private static final String[] THREAD_STATES = {
      "NEW", "RUNNABLE", "BLOCKED", "WAITING", "TIMED_WAITING", "TERMINATED", "UNKNOWN"};

  /** The four figures of a memory usage (used, committed, max, init): each family's name and help. */
  private static final String[] AREA_HELP = {"Used bytes of a given JVM memory area.",
      "Committed (bytes) of a given JVM memory area.", "Max (bytes) of a given JVM memory area.",
      "Initial bytes of a given JVM memory area."};
  private static final String[] AREA_NAMES = {"jvm_memory_used_bytes", "jvm_memory_committed_bytes",
      "jvm_memory_max_bytes", "jvm_memory_init_bytes"};
  private static final String[] POOL_HELP = {"Used bytes of a given JVM memory pool.",
      "Committed bytes of a given JVM memory pool.", "Max bytes of a given JVM memory pool.",
      "Initial bytes of a given JVM memory pool."};
  private static final String[] POOL_NAMES = {"jvm_memory_pool_used_bytes", "jvm_memory_pool_committed_bytes",
      "jvm_memory_pool_max_bytes", "jvm_memory_pool_init_bytes"};
  private static final String[] AFTER_COLLECTION_HELP = {"Used bytes after last collection of a given JVM memory pool.",
      "Committed after last collection bytes of a given JVM memory pool.",
      "Max bytes after last collection of a given JVM memory pool.",
      "Initial after last collection bytes of a given JVM memory pool."};
  private static final String[] AFTER_COLLECTION_NAMES = {"jvm_memory_pool_collection_used_bytes",
      "jvm_memory_pool_collection_committed_bytes", "jvm_memory_pool_collection_max_bytes",
      "jvm_memory_pool_collection_init_bytes"};

  private final Labels constLabels;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final ClassLoadingMXBean classLoading = ManagementFactory.getClassLoadingMXBean();
  private final CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<MemoryPoolMXBean> memoryPools = ManagementFactory.getMemoryPoolMXBeans();
  private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
  private final List<BufferPoolMXBean> bufferPools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
  private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
  private final boolean procSelfStatus = Files.isReadable(Paths.get("/proc/self/status"));
  private final boolean nativeMemoryTracking;
  private final InfoSnapshot runtimeInfo;

  /** Bytes allocated per memory pool, counted at each collection; pool to {total, created millis}. */
  private final Map<String, long[]> allocated = new LinkedHashMap<>();
  private final Map<String, Long> usedAfterLastCollection = new HashMap<>();

  private JvmMetrics(Labels constLabels) {
    this.constLabels = constLabels;
    nativeMemoryTracking = nativeMemoryTrackingOn();
    runtimeInfo = new InfoSnapshot(new MetricMetadata("jvm_runtime", "jvm_runtime_info", "JVM runtime info", null), List.of(
        new InfoDataPointSnapshot(constLabels.merge(Labels.of(
            "version", System.getProperty("java.runtime.version", "unknown"),
            "vendor", System.getProperty("java.vm.vendor", "unknown"),
            "runtime", System.getProperty("java.runtime.name", "unknown"))))));
  }

  /** Registers the JVM and process metrics; costs ~10 ms, so called off the main thread. */
  public static void register(PrometheusRegistry registry, Labels constLabels) {
    JvmMetrics metrics = new JvmMetrics(constLabels);
    for (GarbageCollectorMXBean collector : metrics.collectors) {
      if (collector instanceof NotificationEmitter) {
        ((NotificationEmitter) collector).addNotificationListener(metrics, null, null);
      }
    }
    registry.register(metrics);
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> families = new ArrayList<>(48);
    threads(families);
    bufferPools(families);
    classLoading(families);
    if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
      families.add(counter("jvm_compilation_time_seconds", "The total time in seconds taken for HotSpot class compilation",
          Unit.SECONDS, compilation.getTotalCompilationTime() / 1000.0));
    }
    garbageCollection(families);
    allocated(families);
    memory(families);
    if (nativeMemoryTracking) {
      nativeMemory(families);
    }
    families.add(runtimeInfo);
    process(families);
    return new MetricSnapshots(families);
  }

  private void threads(List<MetricSnapshot> families) {
    families.add(gauge("jvm_threads_current", "Current thread count of a JVM", null, threads.getThreadCount()));
    families.add(gauge("jvm_threads_daemon", "Daemon thread count of a JVM", null, threads.getDaemonThreadCount()));
    families.add(gauge("jvm_threads_peak", "Peak thread count of a JVM", null, threads.getPeakThreadCount()));
    families.add(counter("jvm_threads_started", "Started thread count of a JVM", null,
        threads.getTotalStartedThreadCount()));
    families.add(gauge("jvm_threads_deadlocked",
        "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or ownable synchronizers",
        null, length(threads.findDeadlockedThreads())));
    families.add(gauge("jvm_threads_deadlocked_monitor",
        "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors", null,
        length(threads.findMonitorDeadlockedThreads())));
    long[] ids = threads.getAllThreadIds();
    int valid = 0;
    for (long id : ids) {
      if (id > 0) {
        ids[valid++] = id;
      }
    }
    int[] counts = new int[THREAD_STATES.length];
    counts[THREAD_STATES.length - 1] = ids.length - valid;
    for (ThreadInfo thread : threads.getThreadInfo(java.util.Arrays.copyOf(ids, valid), 0)) {
      if (thread != null) {
        counts[thread.getThreadState().ordinal()]++;
      }
    }
    List<GaugeDataPointSnapshot> states = new ArrayList<>(THREAD_STATES.length);
    for (int i = 0; i < THREAD_STATES.length; i++) {
      states.add(new GaugeDataPointSnapshot(counts[i], labels("state", THREAD_STATES[i]), null));
    }
    families.add(new GaugeSnapshot(new MetricMetadata("jvm_threads_state", "Current count of threads by state"), states));
  }

  private void bufferPools(List<MetricSnapshot> families) {
    int n = bufferPools.size();
    List<GaugeDataPointSnapshot> used = new ArrayList<>(n);
    List<GaugeDataPointSnapshot> capacity = new ArrayList<>(n);
    List<GaugeDataPointSnapshot> buffers = new ArrayList<>(n);
    for (BufferPoolMXBean pool : bufferPools) {
      Labels labels = labels("pool", pool.getName());
      used.add(new GaugeDataPointSnapshot(pool.getMemoryUsed(), labels, null));
      capacity.add(new GaugeDataPointSnapshot(pool.getTotalCapacity(), labels, null));
      buffers.add(new GaugeDataPointSnapshot(pool.getCount(), labels, null));
    }
    families.add(new GaugeSnapshot(new MetricMetadata("jvm_buffer_pool_used_bytes",
        "Used bytes of a given JVM buffer pool.", Unit.BYTES), used));
    families.add(new GaugeSnapshot(new MetricMetadata("jvm_buffer_pool_capacity_bytes",
        "Bytes capacity of a given JVM buffer pool.", Unit.BYTES), capacity));
    families.add(new GaugeSnapshot(new MetricMetadata("jvm_buffer_pool_used_buffers",
        "Used buffers of a given JVM buffer pool."), buffers));
  }

  private void classLoading(List<MetricSnapshot> families) {
    families.add(gauge("jvm_classes_currently_loaded", "The number of classes that are currently loaded in the JVM",
        null, classLoading.getLoadedClassCount()));
    families.add(counter("jvm_classes_loaded",
        "The total number of classes that have been loaded since the JVM has started execution", null,
        classLoading.getTotalLoadedClassCount()));
    families.add(counter("jvm_classes_unloaded",
        "The total number of classes that have been unloaded since the JVM has started execution", null,
        classLoading.getUnloadedClassCount()));
  }

  private void garbageCollection(List<MetricSnapshot> families) {
    List<SummaryDataPointSnapshot> collections = new ArrayList<>(collectors.size());
    for (GarbageCollectorMXBean collector : collectors) {
      collections.add(new SummaryDataPointSnapshot(collector.getCollectionCount(),
          collector.getCollectionTime() / 1000.0, Quantiles.EMPTY, labels("gc", collector.getName()),
          Exemplars.EMPTY, 0L));
    }
    families.add(new SummarySnapshot(new MetricMetadata("jvm_gc_collection_seconds",
        "Time spent in a given JVM garbage collector in seconds.", Unit.SECONDS), collections));
  }

  private void allocated(List<MetricSnapshot> families) {
    List<CounterDataPointSnapshot> pools;
    synchronized (allocated) {
      pools = new ArrayList<>(allocated.size());
      for (Map.Entry<String, long[]> pool : allocated.entrySet()) {
        long[] totalAndCreated = pool.getValue();
        pools.add(new CounterDataPointSnapshot(totalAndCreated[0], labels("pool", pool.getKey()), null,
            totalAndCreated[1]));
      }
    }
    families.add(new CounterSnapshot(new MetricMetadata("jvm_memory_pool_allocated_bytes",
        "jvm_memory_pool_allocated_bytes_total",
        "Total bytes allocated in a given JVM memory pool. Only updated after GC, not continuously.", null), pools));
  }

  /** A collection ended: what each pool grew by since the last one (before this collection) is allocation. */
  @Override
  public void handleNotification(Notification notification, Object handback) {
    try {
      com.sun.management.GcInfo collection =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
      Map<String, MemoryUsage> before = collection.getMemoryUsageBeforeGc();
      Map<String, MemoryUsage> after = collection.getMemoryUsageAfterGc();
      synchronized (allocated) {
        for (Map.Entry<String, MemoryUsage> pool : before.entrySet()) {
          MemoryUsage afterPool = after.get(pool.getKey());
          if (afterPool != null) {
            countAllocated(pool.getKey(), pool.getValue().getUsed(), afterPool.getUsed());
          }
        }
      }
    } catch (RuntimeException notAGarbageCollection) {
      // another notification type: nothing to count
    }
  }

  private void countAllocated(String pool, long usedBefore, long usedAfter) {
    Long last = usedAfterLastCollection.put(pool, usedAfter);
    long increase = Math.max(0, usedBefore - (last == null ? 0 : last)) + Math.max(0, usedAfter - usedBefore);
    if (increase > 0) {
      long[] totalAndCreated = allocated.get(pool);
      if (totalAndCreated == null) {
        allocated.put(pool, totalAndCreated = new long[] {0, System.currentTimeMillis()});
      }
      totalAndCreated[0] += increase;
    }
  }

  private void memory(List<MetricSnapshot> families) {
    families.add(gauge("jvm_memory_objects_pending_finalization",
        "The number of objects waiting in the finalizer queue.", null, memory.getObjectPendingFinalizationCount()));
    MemoryUsage heap = memory.getHeapMemoryUsage();
    MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
    for (int field = 0; field < 4; field++) {
      List<GaugeDataPointSnapshot> points = new ArrayList<>(2);
      points.add(new GaugeDataPointSnapshot(value(heap, field), labels("area", "heap"), null));
      points.add(new GaugeDataPointSnapshot(value(nonHeap, field), labels("area", "nonheap"), null));
      families.add(new GaugeSnapshot(new MetricMetadata(AREA_NAMES[field], AREA_HELP[field], Unit.BYTES), points));
    }
    List<List<GaugeDataPointSnapshot>> usage = new ArrayList<>(4);
    List<List<GaugeDataPointSnapshot>> afterCollection = new ArrayList<>(4);
    for (int field = 0; field < 4; field++) {
      usage.add(new ArrayList<>(memoryPools.size()));
      afterCollection.add(new ArrayList<>(memoryPools.size()));
    }
    for (MemoryPoolMXBean pool : memoryPools) {
      Labels labels = labels("pool", pool.getName());
      MemoryUsage now = pool.getUsage();
      MemoryUsage collected = pool.getCollectionUsage();
      for (int field = 0; field < 4; field++) {
        if (now != null) {
          usage.get(field).add(new GaugeDataPointSnapshot(value(now, field), labels, null));
        }
        if (collected != null) {
          afterCollection.get(field).add(new GaugeDataPointSnapshot(value(collected, field), labels, null));
        }
      }
    }
    for (int field = 0; field < 4; field++) {
      families.add(new GaugeSnapshot(new MetricMetadata(POOL_NAMES[field], POOL_HELP[field], Unit.BYTES),
          usage.get(field)));
      families.add(new GaugeSnapshot(new MetricMetadata(AFTER_COLLECTION_NAMES[field], AFTER_COLLECTION_HELP[field],
          Unit.BYTES), afterCollection.get(field)));
    }
  }

  private static long value(MemoryUsage usage, int field) {
    switch (field) {
      case 0: return usage.getUsed();
      case 1: return usage.getCommitted();
      case 2: return usage.getMax();
      default: return usage.getInit();
    }
  }

  private void nativeMemory(List<MetricSnapshot> families) {
    String summary;
    try {
      summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
          new Object[] {new String[] {"summary", "scale=B"}}, new String[] {"[Ljava.lang.String;"});
    } catch (Exception | LinkageError unavailable) {
      return;
    }
    List<GaugeDataPointSnapshot> reserved = new ArrayList<>();
    List<GaugeDataPointSnapshot> committed = new ArrayList<>();
    Matcher line = NATIVE_MEMORY_LINE.matcher(summary);
    while (line.find()) {
      Labels labels = labels("pool", line.group(1));
      reserved.add(new GaugeDataPointSnapshot(Long.parseLong(line.group(2)), labels, null));
      committed.add(new GaugeDataPointSnapshot(Long.parseLong(line.group(3)), labels, null));
    }
    families.add(new GaugeSnapshot(new MetricMetadata("jvm_native_memory_reserved_bytes",
        "Reserved bytes of a given JVM. Reserved memory represents the total amount of memory the JVM can potentially use.",
        Unit.BYTES), reserved));
    families.add(new GaugeSnapshot(new MetricMetadata("jvm_native_memory_committed_bytes",
        "Committed bytes of a given JVM. Committed memory represents the amount of memory the JVM is using right now.",
        Unit.BYTES), committed));
  }

  /**
   * From the JVM's arguments (JAVA_TOOL_OPTIONS included; the last one wins): asking the diagnostic command would
   * start the platform MBean server (~150 classes), and the HotSpot diagnostic bean costs 6 classes more.
   */
  private boolean nativeMemoryTrackingOn() {
    String mode = "off";
    try {
      for (String argument : runtime.getInputArguments()) {
        if (argument.startsWith("-XX:NativeMemoryTracking=")) {
          mode = argument.substring("-XX:NativeMemoryTracking=".length());
        }
      }
    } catch (RuntimeException notPermitted) {
      // a security manager that refuses "monitor": no native memory families, as with the client's module
    }
    return !"off".equals(mode);
  }

  private void process(List<MetricSnapshot> families) {
    families.add(gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
        Unit.SECONDS, runtime.getStartTime() / 1000.0));
    if (procSelfStatus) {
      linuxProcess(families);
      return;
    }
    com.sun.management.OperatingSystemMXBean cpu = null;
    UnixOperatingSystemMXBean fds = null;
    try {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      cpu = os instanceof com.sun.management.OperatingSystemMXBean ? (com.sun.management.OperatingSystemMXBean) os : null;
      fds = os instanceof UnixOperatingSystemMXBean ? (UnixOperatingSystemMXBean) os : null;
    } catch (LinkageError noJdkManagementModule) {
      // a runtime linked without jdk.management: no CPU time or file descriptors, as with the client's module
    }
    if (cpu != null) {
      families.add(cpuSeconds(cpu.getProcessCpuTime() / 1e9));
    }
    if (fds != null) {
      families.add(gauge("process_open_fds", "Number of open file descriptors.", null, fds.getOpenFileDescriptorCount()));
      families.add(maxFds(fds.getMaxFileDescriptorCount()));
    }
  }

  /**
   * From /proc, as the Prometheus Go client reads them: the OperatingSystemMXBean would load ~25 classes (its
   * container support among them) for the same numbers. CPU time comes in clock ticks (10 ms; USER_HZ is 100 on
   * every Linux), open descriptors are counted as the JDK counts them (the listing's own one not included).
   */
  private void linuxProcess(List<MetricSnapshot> families) {
    String status;
    String stat;
    String limits;
    try {
      status = read("/proc/self/status");
      stat = read("/proc/self/stat");
      limits = read("/proc/self/limits");
    } catch (IOException unreadable) {
      return;
    }
    String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    families.add(cpuSeconds((Long.parseLong(afterName[11]) + Long.parseLong(afterName[12])) / 100.0));
    String[] descriptors = new java.io.File("/proc/self/fd").list();
    if (descriptors != null) {
      families.add(gauge("process_open_fds", "Number of open file descriptors.", null, descriptors.length - 1));
    }
    int maxOpenFiles = limits.indexOf("Max open files");
    if (maxOpenFiles >= 0) {
      String soft = limits.substring(maxOpenFiles + "Max open files".length()).trim().split("\\s+")[0];
      families.add(maxFds("unlimited".equals(soft) ? -1 : Long.parseLong(soft)));
    }
    families.add(new GaugeSnapshot(new MetricMetadata("process_virtual_memory_bytes", "Virtual memory size in bytes.",
        Unit.BYTES), kiloBytes(status, "VmSize:")));
    families.add(new GaugeSnapshot(new MetricMetadata("process_resident_memory_bytes",
        "Resident memory size in bytes.", Unit.BYTES), kiloBytes(status, "VmRSS:")));
  }

  private static String read(String file) throws IOException {
    return new String(Files.readAllBytes(Paths.get(file)), StandardCharsets.UTF_8);
  }

  private CounterSnapshot cpuSeconds(double seconds) {
    return counter("process_cpu_seconds", "Total user and system CPU time spent in seconds.", Unit.SECONDS, seconds);
  }

  private GaugeSnapshot maxFds(double max) {
    return gauge("process_max_fds", "Maximum number of open file descriptors.", null, max);
  }

  /** {@code VmRSS:     12345 kB} in /proc/self/status, in bytes; no data point when the line is absent. */
  private List<GaugeDataPointSnapshot> kiloBytes(String status, String field) {
    int start = status.startsWith(field) ? 0 : status.indexOf("\n" + field) + 1;
    if (start == 0 && !status.startsWith(field)) {
      return List.of();
    }
    int end = status.indexOf('\n', start);
    String[] parts = status.substring(start, end < 0 ? status.length() : end).split("\\s+");
    try {
      return List.of(new GaugeDataPointSnapshot(Double.parseDouble(parts[1]) * 1024, constLabels, null));
    } catch (RuntimeException unexpected) {
      return List.of();
    }
  }

  private GaugeSnapshot gauge(String name, String help, Unit unit, double value) {
    return new GaugeSnapshot(new MetricMetadata(name, help, unit),
        List.of(new GaugeDataPointSnapshot(value, constLabels, null)));
  }

  private CounterSnapshot counter(String name, String help, Unit unit, double value) {
    return new CounterSnapshot(new MetricMetadata(name, help, unit),
        List.of(new CounterDataPointSnapshot(value, constLabels, null, 0L)));
  }

  private Labels labels(String name, String value) {
    return constLabels.merge(Labels.of(name, value));
  }

  private static double length(long[] threadIds) {
    return threadIds == null ? 0 : threadIds.length;
  }
}
