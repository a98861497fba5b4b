package io.gmeye.models.runtime;

/**
 * ONNX Runtime threading, set explicitly: ORT's defaults take every core and spin idle threads,
 * which starves the grabbers and the uplink on a small site box.
 *
 * @param intraOpThreads threads one inference may use
 * @param spinning       whether idle ORT threads busy-wait for the next run (off: they sleep)
 */
public record OrtSettings(int intraOpThreads, int interOpThreads, boolean spinning) {
    public static final OrtSettings DEFAULT = new OrtSettings(2, 1, false);

    public OrtSettings {
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads/interOpThreads: at least 1");
        }
    }
}
