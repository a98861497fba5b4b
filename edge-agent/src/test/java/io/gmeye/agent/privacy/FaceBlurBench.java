package io.gmeye.agent.privacy;

import io.gmeye.agent.inspection.Clips;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.models.runtime.Detector;
import io.gmeye.models.runtime.SharedDetectors;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.rigs.bench.BenchReport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ./run bench face-blur: what a picture leaving a blurFaces site costs (person boxes, face search
 * in the frame and the heads, pixelation, the second look), against what it costs anyway (its
 * JPEG encoding) and a bare BlazeFace pass on the whole frame, in the same run, on the COCO photo
 * of two men shaking hands and on a 1280x720 scaling of it.
 */
@Tag("bench")
class FaceBlurBench {
    @Test
    void costPerPicture() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 30);
        BgrImage photo = Clips.photo(Clips.shared("images/coco/000000004134.jpg"));
        BgrImage hd = Clips.frames(1280, 720, "-i", Clips.shared("images/coco/000000004134.jpg").toString()).get(0);
        Map<String, Object> figures = new LinkedHashMap<>();
        Detector faces = Clips.detector("blazeface-back");
        try (SharedDetectors detectors = new SharedDetectors();
             FaceRule rule = FaceRule.load(FaceRuleIT.blurFaces(Clips.modelsDir()), detectors, Metrics.NOOP)) {
            for (var e : Map.of("640", photo, "720p", hd).entrySet()) {
                BgrImage img = e.getValue();
                long[] blur = new long[rounds];
                long[] jpeg = new long[rounds];
                long[] bare = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    rule.leaving(img);
                    long t1 = System.nanoTime();
                    Jpeg.encode(img, 0.85f);
                    long t2 = System.nanoTime();
                    faces.detect(img);
                    bare[i] = System.nanoTime() - t2;
                    blur[i] = t1 - t0;
                    jpeg[i] = t2 - t1;
                }
                String k = e.getKey();
                figures.put("blur_p50_ms_" + k, BenchReport.round(BenchReport.percentileMs(blur, 0.5), 1));
                figures.put("blur_p99_ms_" + k, BenchReport.round(BenchReport.percentileMs(blur, 0.99), 1));
                figures.put("jpeg_p50_ms_" + k, BenchReport.round(BenchReport.percentileMs(jpeg, 0.5), 1));
                figures.put("blazeface_p50_ms_" + k, BenchReport.round(BenchReport.percentileMs(bare, 0.5), 1));
                figures.put("ratio_blur_to_jpeg_" + k, BenchReport.round(BenchReport.percentileMs(blur, 0.5) / BenchReport.percentileMs(jpeg, 0.5), 2));
            }
        } finally {
            faces.close();
            faces.model().close();
        }
        BenchReport.write("face-blur", figures);
    }
}
