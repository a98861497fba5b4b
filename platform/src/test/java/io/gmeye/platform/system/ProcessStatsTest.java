package io.gmeye.platform.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ProcessStatsTest {
    @Test
    void cpuLoadReportsTheWorkDoneSinceTheLastCallEvenOnTheFirstCall() {
        burnCpu(300_000_000L);
        double first = ProcessStats.cpuLoad(); // the JDK's own figure is 0 on its first call: a gauge scraped once read 0
        assertThat(first).isGreaterThan(0).isLessThanOrEqualTo(1);
        burnCpu(300_000_000L);
        assertThat(ProcessStats.cpuLoad()).isGreaterThan(0).isLessThanOrEqualTo(1);
    }

    /** Spins until this thread has used {@code nanos} of CPU time. */
    private static void burnCpu(long nanos) {
        var threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - start < nanos) {
            x += System.nanoTime() % 7;
        }
        assertThat(x).isNotNegative();
    }
}
