package io.gmeye.agent.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.camera.CameraFrame;
import io.gmeye.agent.camera.FrameSource;
import io.gmeye.agent.camera.Picture;
import io.gmeye.agent.camera.clip.ClipRequests;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.GreyImage;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.inspection.scene.SceneType;
import io.gmeye.agent.inspection.zone.Zone;
import io.gmeye.models.runtime.SharedDetectors;
import io.gmeye.platform.metrics.Metrics;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where and how inspection samples cameras: never on the Vert.x event loop that the device
 * endpoints share, motion judged on a small grey picture (a full-size colour copy only for the
 * models), and a camera whose newest picture is a keyframe seconds old (a long keyframe interval)
 * still analysed on patrol rather than skipped as stale.
 */
class InspectionSamplingIT {
    private final Vertx vertx = Vertx.vertx();
    private final SharedDetectors detectors = new SharedDetectors();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        detectors.close();
    }

    @Test
    void samplesOffTheEventLoopJudgeMotionOnGreyAndAnalyseAKeyframeSecondsOldOnPatrol() throws Exception {
        BgrImage lot = InspectionServiceIT.carPark().get(0);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger grey = new AtomicInteger();
        AtomicInteger bgr = new AtomicInteger();
        long started = System.currentTimeMillis();
        FrameSource camera = new FrameSource() {
            @Override
            public Optional<CameraFrame> latest(String id) {
                threads.add(Thread.currentThread().getName());
                bgr.incrementAndGet();
                return Optional.of(new CameraFrame(id, System.currentTimeMillis() - 8_000, number(), lot));
            }

            @Override
            public Optional<Picture> newest(String id) {
                threads.add(Thread.currentThread().getName());
                return Optional.of(new StillPicture(id, number(), lot, threads, grey, bgr));
            }

            @Override
            public long newestFrameNo(String id) {
                return number();
            }

            /** A new picture every 200 ms, each the same still scene, its content 8 s old as a long GOP's keyframe. */
            private long number() {
                return (System.currentTimeMillis() - started) / 200 + 1;
            }
        };
        InspectionConfig config = InspectionServiceIT.config(Clips.modelsDir());
        InspectionService service = new InspectionService(vertx, new RecordingOutbox(), camera, ClipRequests.NONE, Clock.systemUTC(),
                Metrics.NOOP, "site-1", config.withScenes(List.of(config.scenes().get(0))), FaceRule.OFF, detectors);
        service.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        // sampling at 5/s with a patrol every second: about three seconds of that rhythm
        await().atMost(Duration.ofSeconds(30)).until(() -> grey.get() >= 15);
        service.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(threads).as("threads that sampled").isNotEmpty().noneMatch(t -> t.startsWith("vert.x-eventloop"));
        assertThat(bgr.get()).as("full-size BGR copies: the first sample and the patrols only, of " + grey.get() + " samples")
                .isBetween(2, grey.get() / 2);
    }

    @Test
    void aCameraWhoseDecodeHangsDoesNotStopTheOtherCamerasSamples() throws Exception {
        BgrImage lot = InspectionServiceIT.carPark().get(0);
        CountDownLatch released = new CountDownLatch(1);
        AtomicInteger stuckCalls = new AtomicInteger();
        AtomicInteger lotGreys = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        long started = System.currentTimeMillis();
        FrameSource cameras = new FrameSource() {
            @Override
            public Optional<CameraFrame> latest(String id) {
                return newest(id).map(p -> new CameraFrame(id, p.capturedAt(), p.frameNo(), p.bgr()));
            }

            @Override
            public Optional<Picture> newest(String id) {
                if (id.equals("cam-stuck")) {
                    stuckCalls.incrementAndGet();
                    try {
                        released.await(60, TimeUnit.SECONDS); // a decode that hangs (a damaged stream, a starved box)
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.empty();
                }
                return Optional.of(new StillPicture(id, newestFrameNo(id), lot, threads, lotGreys, new AtomicInteger()));
            }

            @Override
            public long newestFrameNo(String id) {
                return (System.currentTimeMillis() - started) / 200 + 1;
            }
        };
        InspectionConfig config = InspectionServiceIT.config(Clips.modelsDir());
        SceneConfig lotParking = config.scenes().get(0);
        SceneConfig stuckParking = new SceneConfig("stuck-parking", SceneType.PARKING, "cam-stuck", List.of(Zone.whole("lot")), null, null,
                null, null, null, null, null, Duration.ofSeconds(2), 2, null, Duration.ofMinutes(10), Duration.ofSeconds(5), null, null, null);
        InspectionService service = new InspectionService(vertx, new RecordingOutbox(), cameras, ClipRequests.NONE, Clock.systemUTC(),
                Metrics.NOOP, "site-1", config.withScenes(List.of(stuckParking, lotParking)), FaceRule.OFF, detectors);
        try {
            service.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> stuckCalls.get() >= 1);
            int before = lotGreys.get();
            // the stuck camera's sample holds one sampling thread; the other camera goes on at its 5 samples a second
            await().atMost(Duration.ofSeconds(30)).until(() -> lotGreys.get() >= before + 10);
            assertThat(stuckCalls.get()).as("the stuck camera is not sampled again while its sample hangs").isEqualTo(1);
        } finally {
            released.countDown();
            service.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** The same scene every time, counting what is asked of it and where. */
    private record StillPicture(String camera, long frameNo, BgrImage image, Set<String> threads, AtomicInteger greys, AtomicInteger bgrs)
            implements Picture {
        @Override
        public long capturedAt() {
            return System.currentTimeMillis() - 8_000;
        }

        @Override
        public int width() {
            return image.width();
        }

        @Override
        public int height() {
            return image.height();
        }

        @Override
        public BgrImage bgr() {
            threads.add(Thread.currentThread().getName());
            bgrs.incrementAndGet();
            return image;
        }

        @Override
        public GreyImage grey(int maxWidth) {
            threads.add(Thread.currentThread().getName());
            greys.incrementAndGet();
            return GreyImage.of(image, maxWidth);
        }
    }
}
