package io.gmeye.system.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.models.manifest.ModelCatalog;
import io.gmeye.models.runtime.Detector;
import io.gmeye.models.runtime.ModelFiles;
import io.gmeye.models.runtime.OrtModel;
import io.gmeye.models.runtime.OrtSettings;
import io.gmeye.rigs.bench.BenchReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ./run bench inference: YOLOX-nano 416 on the COCO photographs. The full detector path
 * (letterbox + ONNX Runtime + decode + NMS) against a bare OrtSession.run on the same prepared
 * tensors, same session, same threads, back to back image by image so both see the same machine
 * load. Figures are medians over images (overhead: median of the per-image ratio), the mean
 * overhead beside them.
 */
@Tag("bench")
class InferenceBench {
    @Test
    void fullDetectorPathAgainstBareSessionRun() throws Exception {
        int threads = Integer.getInteger("bench.threads", 2);
        int rounds = Integer.getInteger("bench.rounds", 6);
        OrtSettings settings = new OrtSettings(threads, 1, false);
        Path root = Path.of(System.getProperty("gmeye.root"));
        try (OrtModel model = OrtModel.load(ModelCatalog.builtIn().get("yolox-nano"), new ModelFiles(root.resolve("models-installed")), settings);
             Detector detector = new Detector(model)) {
            List<BgrImage> images = new ArrayList<>();
            try (var files = Files.list(Path.of(System.getProperty("gmeye.shared")).resolve("images/coco"))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
                    images.add(Jpeg.decode(Files.readAllBytes(p)));
                }
            }
            List<OnnxTensor> tensors = new ArrayList<>();
            for (BgrImage im : images) {
                tensors.add(detector.prepareTensor(im));
            }
            OrtSession session = model.session();
            String input = model.manifest().input().name();
            for (int w = 0; w < 2; w++) { // warm-up: JIT, ORT arenas
                for (int i = 0; i < images.size(); i++) {
                    detector.detect(images.get(i));
                    try (OrtSession.Result r = session.run(Map.of(input, tensors.get(i)))) {
                        r.get(0);
                    }
                }
            }
            // image by image, the two paths back to back (which goes first alternates), so both see the
            // same machine: other work on a shared box comes and goes within seconds
            List<Long> full = new ArrayList<>();
            List<Long> bare = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            long detections = 0;
            // CPU time of the whole process (ORT's threads included) per side: what each path costs, whatever else runs
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long fullCpu = 0;
            long bareCpu = 0;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < images.size(); i++) {
                    long f0 = 0;
                    long b0 = 0;
                    for (int pass = 0; pass < 2; pass++) {
                        boolean detect = (round + i + pass) % 2 == 0;
                        long c0 = os.getProcessCpuTime();
                        long t0 = System.nanoTime();
                        if (detect) {
                            detections += detector.detect(images.get(i)).size();
                            f0 = System.nanoTime() - t0;
                            fullCpu += os.getProcessCpuTime() - c0;
                        } else {
                            try (OrtSession.Result r = session.run(Map.of(input, tensors.get(i)))) {
                                r.get(0);
                            }
                            b0 = System.nanoTime() - t0;
                            bareCpu += os.getProcessCpuTime() - c0;
                        }
                    }
                    full.add(f0);
                    bare.add(b0);
                    ratio.add((double) f0 / b0);
                }
            }
            tensors.forEach(OnnxTensor::close);
            double throughput = throughput(root, images, rounds);
            int frames = rounds * images.size();
            double fullMs = median(full) / 1e6;
            double bareMs = median(bare) / 1e6;
            double meanOverhead = full.stream().mapToLong(Long::longValue).sum() * 1.0 / bare.stream().mapToLong(Long::longValue).sum() - 1;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("model", "yolox-nano-416");
            f.put("images", images.size());
            f.put("frames", frames);
            f.put("threads", threads);
            f.put("full_ms", round(fullMs));
            f.put("bare_ms", round(bareMs));
            f.put("overhead_pct", round((median(ratio) - 1) * 100));
            f.put("overhead_mean_pct", round(meanOverhead * 100));
            f.put("overhead_cpu_pct", round(((double) fullCpu / bareCpu - 1) * 100));
            f.put("full_fps", round(1000 / fullMs));
            f.put("bare_fps", round(1000 / bareMs));
            f.put("detections", detections / rounds);
            // throughput for a box serving many cameras: two inference workers of one ORT thread each on one model
            f.put("throughput_fps_2x1", round(throughput));
            // other work on the machine skews both sides; the load says how quiet it was
            f.put("load_avg", Math.round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 10) / 10.0);
            BenchReport.write("inference", f);
        }
    }

    /** Frames per second of the full path with two workers, each running detect() on its own thread, one ORT thread each. */
    static double throughput(Path root, List<BgrImage> images, int rounds) throws Exception {
        try (OrtModel model = OrtModel.load(ModelCatalog.builtIn().get("yolox-nano"), new ModelFiles(root.resolve("models-installed")),
                new OrtSettings(1, 1, false));
             Detector detector = new Detector(model)) {
            for (BgrImage im : images) {
                detector.detect(im); // warm-up
            }
            int workers = 2;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
            try {
                long t0 = System.nanoTime();
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int offset = w;
                    done.add(pool.submit(() -> {
                        for (int r = 0; r < rounds; r++) {
                            for (int i = 0; i < images.size(); i++) {
                                detector.detect(images.get((i + offset * 7) % images.size()));
                            }
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get();
                }
                return workers * rounds * images.size() / ((System.nanoTime() - t0) / 1e9);
            } finally {
                pool.shutdown();
            }
        }
    }

    static <T extends Comparable<T>> double median(List<T> values) {
        List<T> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return ((Number) sorted.get(sorted.size() / 2)).doubleValue();
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
