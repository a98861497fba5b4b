package io.gmeye.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.hub.agents.AgentSessions;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.LiveFrame;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.rigs.net.FreePorts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two hub nodes' routing in one JVM: real Hazelcast members joined by their list over TCP/IP on
 * 127.0.0.1, real clustered event buses. No agents: a publish is routed to the node the site map
 * names and comes back with that node's own answer; a live frame crosses to the node that listens;
 * a node that leaves takes its sites with it.
 */
class ClusterRouterTest {
    @Test
    void aPublishGoesToTheNodeTheSiteMapNamesFramesCrossToTheListenerAndTheSitesOfANodeThatLeftAreCleanedUp() throws Exception {
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        ClusterNode a = join(RoutingConfig.of(portA, members));
        ClusterNode b = null;
        try {
            b = join(RoutingConfig.of(portB, members));
            ClusterRouter routerA = new ClusterRouter(a.vertx(), new AgentSessions(), a.sites(), Metrics.NOOP);
            ClusterRouter routerB = new ClusterRouter(b.vertx(), new AgentSessions(), b.sites(), Metrics.NOOP);
            get(routerA.start().toCompletionStage().toCompletableFuture());
            get(routerB.start().toCompletionStage().toCompletableFuture());

            a.sites().held("site-1"); // as an agent's connect to node a does
            ClusterNode bb = b;
            await().atMost(Duration.ofSeconds(20)).until(() -> a.sites().self().equals(bb.sites().holder("site-1")));
            assertThat(routerB.reachable("site-1")).isTrue();
            // the request crosses to node a, which holds no session for it (none here): its reason comes back
            GmeyeException routed = failure(routerB.publish("site-1", "gmeye/v1/site-1/down/x", new byte[] {1}));
            assertThat(routed.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(routed.getMessage()).contains("site-1").contains("is not connected");

            // a live frame arriving at node a reaches a viewer's node b, and only while b listens
            LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
            MessageConsumer<Buffer> viewer = new AgentStreams(b.vertx()).listen(AgentStreams.live("cam-1"), MessageType.LIVE_FRAME,
                    LiveFrame.class, (h, jpeg) -> frames.add(h.body().camera() + "#" + h.body().frameNo() + ":" + jpeg.length));
            get(viewer.completion().toCompletionStage().toCompletableFuture());
            AgentStreams atA = new AgentStreams(a.vertx());
            atA.publish(AgentStreams.live("cam-1"), Envelope.create("site-1", "agent", new LiveFrame("cam-1", 7, 320, 240, 1L)), new byte[1234]);
            assertThat(frames.poll(20, TimeUnit.SECONDS)).isEqualTo("cam-1#7:1234");
            get(viewer.unregister().toCompletionStage().toCompletableFuture());
            atA.publish(AgentStreams.live("cam-1"), Envelope.create("site-1", "agent", new LiveFrame("cam-1", 8, 320, 240, 1L)), new byte[10]);
            assertThat(frames.poll(1, TimeUnit.SECONDS)).as("no listener, nothing heard").isNull();

            a.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            a.sites().close();
            await().atMost(Duration.ofSeconds(30)).until(() -> bb.sites().holder("site-1") == null);
            assertThat(routerB.reachable("site-1")).isFalse();
            GmeyeException nowhere = failure(routerB.publish("site-1", "gmeye/v1/site-1/down/x", new byte[] {1}));
            assertThat(nowhere.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(nowhere.getMessage()).isEqualTo("the agent of site site-1 is not connected to any hub node");
        } finally {
            a.vertx().close();
            if (b != null) {
                b.sites().close();
                b.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static ClusterNode join(RoutingConfig c) throws Exception {
        c.validate();
        return ClusterNode.start(c).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static GmeyeException failure(io.vertx.core.Future<Void> f) throws Exception {
        try {
            get(f.toCompletionStage().toCompletableFuture());
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(GmeyeException.class);
            return (GmeyeException) e.getCause();
        }
        throw new AssertionError("the publish succeeded with no agent anywhere");
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

}
