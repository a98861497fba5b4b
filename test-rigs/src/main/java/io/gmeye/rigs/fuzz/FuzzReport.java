package io.gmeye.rigs.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fuzz run came to: outcomes by name (accepted, a reason code, a refusal kind), and
 * findings: inputs that crashed, hung, or were refused without a reason. Thread-safe.
 */
public final class FuzzReport {
    private static final int KEEP_FINDINGS = 50;
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final List<String> findings = new ArrayList<>();
    private long inputs;
    private long findingCount;

    public synchronized void outcome(String name) {
        inputs++;
        outcomes.merge(name, 1L, Long::sum);
    }

    public synchronized void finding(String what) {
        findingCount++;
        if (findings.size() < KEEP_FINDINGS) {
            findings.add(what);
        }
    }

    public synchronized long inputs() {
        return inputs;
    }

    public synchronized long findings() {
        return findingCount;
    }

    public synchronized List<String> findingSamples() {
        return Collections.unmodifiableList(new ArrayList<>(findings));
    }

    public synchronized Map<String, Long> outcomes() {
        return new TreeMap<>(outcomes);
    }

    public synchronized long count(String outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    @Override
    public synchronized String toString() {
        return inputs + " inputs, outcomes " + outcomes + ", " + findingCount + " findings" + (findings.isEmpty() ? "" : ": " + findings.subList(0,
                Math.min(5, findings.size())));
    }
}
