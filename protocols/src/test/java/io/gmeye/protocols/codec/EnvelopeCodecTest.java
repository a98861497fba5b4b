package io.gmeye.protocols.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.error.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
    private final EnvelopeCodec codec = new EnvelopeCodec(4096, 16384);

    private static byte[] b(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static String valid(String bodyAndRest) {
        return "{'v':1,'type':'device.telemetry','id':'01J0000000000000000000000A','site':'site-a','src':'s1','ts':1000,'seq':7,"
                + bodyAndRest + "}";
    }

    private void refused(String json, String reasonPart) {
        assertThatThrownBy(() -> codec.decode(b(json)))
                .isInstanceOf(WireException.class)
                .hasMessageContaining(reasonPart);
    }

    @Test
    void roundTripsEveryFieldOfAnEnvelope() {
        var health = new CameraHealthBatch(true, List.of(new CameraHealth("cam-1", CameraState.NOT_FOUND, "404 from server",
                0, 0, 0, 0, 0, null, -1, 3, 3, "Server returned 404 Not Found", 123)));
        Envelope<CameraHealthBatch> e = Envelope.create("site-a", "agent", 5000, health).withSeq(42);
        byte[] bytes = codec.encode(e);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"type\":\"camera.health\"").contains("\"state\":\"not_found\"");
        Envelope<?> back = codec.decode(bytes);
        assertThat(back).isEqualTo(e);
        assertThat(back.seq()).isEqualTo(42);
    }

    @Test
    void acceptsTelemetryWithMixedValueTypes() {
        Envelope<?> e = codec.decode(b(valid("'body':{'device':'d1','deviceType':'smoke','values':{'temp':21.5,'alarm':false,'mode':'auto'}}")));
        DeviceTelemetry t = (DeviceTelemetry) e.body();
        assertThat(t.values()).containsEntry("temp", 21.5).containsEntry("alarm", false).containsEntry("mode", "auto");
    }

    @Test
    void refusesPayloadsThatAreNotJson() {
        refused("{not json", "payload is not JSON");
        refused("", "payload is empty");
        refused("[1,2]", "must be a JSON object");
        refused("{'v':1} trailing", "payload is not JSON");
    }

    @Test
    void refusesOversizePayloadsWithTheirSize() {
        String big = valid("'body':{'device':'d1','deviceType':'smoke','values':{'x':'" + "a".repeat(5000) + "'}}");
        assertThatThrownBy(() -> codec.decode(b(big)))
                .isInstanceOfSatisfying(WireException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.TOO_LARGE))
                .hasMessageContaining("over the 4096-byte limit");
    }

    @Test
    void refusesUnknownVersionAndUnknownType() {
        assertThatThrownBy(() -> codec.decode(b(valid("'body':{}").replace("'v':1", "'v':2"))))
                .isInstanceOfSatisfying(WireException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.UNSUPPORTED_VERSION))
                .hasMessageContaining("version 2 is not supported");
        refused(valid("'body':{}").replace("device.telemetry", "camera.selfie"), "type: 'camera.selfie' is not a known message type");
    }

    @Test
    void refusesMissingHeaderFieldsByName() {
        refused("{'type':'device.telemetry','id':'x','site':'s','src':'s','ts':1,'seq':1,'body':{}}", "v: is required");
        refused(valid("'body':{}").replace("'id':'01J0000000000000000000000A',", ""), "id: is required");
        refused(valid("'body':{'device':'d','deviceType':'t'}").replace("'ts':1000", "'ts':'yesterday'"), "ts: must be a whole number, got a string");
        refused(valid("'body':{'device':'d','deviceType':'t'}").replace("'site':'site-a'", "'site':'a/b'"), "site: 'a/b' is not a valid site id");
        refused(valid("'nobody':1"), "body: is required");
        refused(valid("'body':[1]"), "body: must be an object, got an array");
        refused(valid("'body':{'device':'d','deviceType':'t'}").replace("'seq':7", "'seq':-1"), "seq: must not be negative");
    }

    @Test
    void refusesMissingAndWrongTypedBodyFieldsWithTheirPath() {
        refused(valid("'body':{'deviceType':'smoke'}"), "body.device: is required");
        refused(valid("'body':{'device':12,'deviceType':'smoke'}"), "body.device: expected a string");
        String camera = "{'v':1,'type':'camera.health','id':'x1','site':'s','src':'a','ts':1,'seq':1,'body':{'full':true,'cameras':[%s]}}";
        refused(camera.formatted("{'camera':'c1','state':'online','fpsIn':'fast'}"), "body.cameras[0].fpsIn: expected a number, got 'fast'");
        refused(camera.formatted("{'camera':'c1','state':'sleepy'}"), "body.cameras[0].state: 'sleepy' is not one of online, degraded, offline, unauthorized, not_found");
        refused(camera.formatted("{'state':'online'}"), "body.cameras[0].camera: is required");
        refused(camera.formatted("7"), "body.cameras[0]: expected an object");
    }

    @Test
    void checksThatTheTopicAndPayloadAgreeOnTheType() {
        byte[] p = b(valid("'body':{'device':'d','deviceType':'t'}"));
        assertThat(codec.decode(p, MessageType.DEVICE_TELEMETRY).envelope().type()).isEqualTo(MessageType.DEVICE_TELEMETRY);
        assertThatThrownBy(() -> codec.decode(p, MessageType.CAMERA_HEALTH))
                .hasMessageContaining("topic announces camera.health but the payload says device.telemetry");
    }

    @Test
    void decodesABatchAndRefusesOnlyItsBadElements() {
        var ok1 = codec.encode(Envelope.create("s", "agent", new DeviceTelemetry("d1", "smoke", null, Map.of("t", 1))));
        var ok2 = codec.encode(Envelope.create("s", "agent", new AgentHealth("0.1", 1, new OutboxStats(0, 0, 0, Map.of(), 0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1)));
        byte[] bad = b("{'v':1,'type':'device.telemetry','id':'bad-1','site':'s','src':'a','ts':1,'seq':1,'body':{}}");
        BatchResult r = codec.decodeBatch(EnvelopeCodec.joinBatch(List.of(ok1, bad, ok2)));
        assertThat(r.accepted()).hasSize(2);
        assertThat(r.rejected()).singleElement().satisfies(rej -> {
            assertThat(rej.index()).isEqualTo(1);
            assertThat(rej.id()).isEqualTo("bad-1");
            assertThat(rej.reason()).contains("body.device: is required");
        });
        assertThat(codec.decode(r.accepted().get(0).raw()).id()).isEqualTo(codec.decode(ok1).id());
    }

    @Test
    void refusesABatchThatIsNotAnArray() {
        assertThatThrownBy(() -> codec.decodeBatch(b("{'v':1}"))).hasMessageContaining("batch must be a JSON array");
    }

    @Test
    void acceptsFieldsInAnyOrderAndIgnoresUnknownOnesOnEveryPath() {
        String bodyFirst = "{'body':{'device':'d1','deviceType':'smoke','values':{'t':1}},'extra':{'x':[1,2]},'seq':3,'ts':9,'src':'s',"
                + "'site':'site-a','id':'id-1','type':'device.telemetry','v':1}";
        Envelope<?> e = codec.decode(b(bodyFirst));
        assertThat(e.id()).isEqualTo("id-1");
        assertThat(((DeviceTelemetry) e.body()).values()).containsEntry("t", 1);
        BatchResult r = codec.decodeBatch(b("[" + bodyFirst + ",7," + bodyFirst.replace("id-1", "id-2") + "]"));
        assertThat(r.accepted()).extracting(d -> d.envelope().id()).containsExactly("id-1", "id-2");
        assertThat(r.rejected()).singleElement().satisfies(rej -> assertThat(rej.reason()).contains("an envelope must be a JSON object"));
        assertThat(new String(r.accepted().get(1).raw(), StandardCharsets.UTF_8)).startsWith("{").endsWith("}").contains("id-2");
    }

    @Test
    void givesTheSameReasonsForABadEnvelopeInsideABatch() {
        BatchResult r = codec.decodeBatch(b("[{'v':1,'type':'device.telemetry','id':'x','site':'s','src':'a','ts':'1','seq':1,'body':{}}]"));
        assertThat(r.rejected()).singleElement().satisfies(rej -> assertThat(rej.reason()).isEqualTo("[0] ts: must be a whole number, got a string"));
    }
}
