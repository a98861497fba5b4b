package io.gmeye.platform.system;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process and its box as a health report wants them: CPU, heap, resident memory beyond the heap, disk. */
public final class ProcessStats {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private ProcessStats() {
    }

    private static final Object CPU_LOCK = new Object();
    private static long lastCpuNanos = -1;
    private static long lastWallNanos;
    private static double lastCpuLoad;

    /**
     * Share of all cores this process used since the previous call (since the JVM started, on the
     * first), 0..1. The JDK's own process CPU load reads 0 on its first call and shares its window
     * with every other caller (Micrometer's process_cpu_usage), so a gauge scraped once said 0;
     * this keeps its own window over the process's CPU time. Calls closer than 100 ms apart
     * repeat the last figure rather than divide by almost nothing.
     */
    public static double cpuLoad() {
        long cpu = OS.getProcessCpuTime();
        long wall = System.nanoTime();
        if (cpu < 0) {
            return 0;
        }
        synchronized (CPU_LOCK) {
            long cpuDelta;
            long wallDelta;
            if (lastCpuNanos < 0) {
                cpuDelta = cpu;
                wallDelta = ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
            } else {
                cpuDelta = cpu - lastCpuNanos;
                wallDelta = wall - lastWallNanos;
                if (wallDelta < 100_000_000L) {
                    return lastCpuLoad;
                }
            }
            lastCpuNanos = cpu;
            lastWallNanos = wall;
            double v = wallDelta <= 0 ? 0 : (double) cpuDelta / wallDelta / OS.getAvailableProcessors();
            lastCpuLoad = Math.max(0, Math.min(1, v));
            return lastCpuLoad;
        }
    }

    /** CPU time this process used so far, in nanoseconds. */
    public static long cpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** CPU time (user + system) another process used so far, from /proc, in nanoseconds (10 ms clock ticks). */
    public static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    public static long heapUsed() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    public static long heapMax() {
        return MEMORY.getHeapMemoryUsage().getMax();
    }

    /** Resident set size from /proc (native buffers of FFmpeg, RocksDB and ONNX Runtime included), 0 where unknown. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    public static long[] disk(Path anyPathOnIt) {
        try {
            Path p = anyPathOnIt;
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            FileStore store = Files.getFileStore(p == null ? Path.of(".") : p);
            return new long[] {store.getUsableSpace(), store.getTotalSpace()};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    /** Heap still in use after the last collection (the live set), summed over the heap pools; -1 before any collection. */
    public static long heapLiveAfterGc() {
        long sum = 0;
        boolean any = false;
        for (java.lang.management.MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP && p.getCollectionUsage() != null) {
                sum += p.getCollectionUsage().getUsed();
                any = true;
            }
        }
        return any ? sum : -1;
    }
}
