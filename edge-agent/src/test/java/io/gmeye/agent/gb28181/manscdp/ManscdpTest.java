package io.gmeye.agent.gb28181.manscdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManscdpTest {
    @Test
    void readsAGb2312CatalogPartWithChineseNamesAndThe2022PtzTypePlace() {
        String xml = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Response><CmdType>Catalog</CmdType><SN>17</SN>"
                + "<DeviceID>44031100001180000001</DeviceID><SumNum>64</SumNum><DeviceList Num=\"2\">"
                + "<Item><DeviceID>44031100001310000001</DeviceID><Name>光明大道 东</Name><CivilCode>440311</CivilCode>"
                + "<Status>ON</Status><Info><PTZType>1</PTZType></Info></Item>"
                + "<Item><DeviceID>44031100001310000002</DeviceID><Name>南门</Name><ParentID>44031100002150000001</ParentID>"
                + "<Status>OFF</Status><PTZType>3</PTZType></Item>"
                + "</DeviceList></Response>";
        Manscdp.CatalogPart part = Manscdp.catalog(Manscdp.parse(xml.getBytes(Manscdp.GB2312)));
        assertThat(part.sumNum()).isEqualTo(64);
        assertThat(part.sn()).isEqualTo(17);
        assertThat(part.items()).hasSize(2);
        Manscdp.CatalogItem east = part.items().get(0);
        assertThat(east.name()).isEqualTo("光明大道 东");
        assertThat(east.parentId()).isEqualTo("44031100001180000001"); // no ParentID: the answering device
        assertThat(east.on()).isTrue();
        assertThat(east.ptz()).isTrue();
        assertThat(east.isVideoChannel()).isTrue();
        Manscdp.CatalogItem south = part.items().get(1);
        assertThat(south.on()).isFalse();
        assertThat(south.ptz()).isFalse();
        assertThat(south.parentId()).isEqualTo("44031100002150000001");
    }

    @Test
    void aBodyThatIsNotManscdpFailsWithTheReason() {
        assertThatThrownBy(() -> Manscdp.parse("<Notify><SN>1</SN></Notify>".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("CmdType: is missing");
        assertThatThrownBy(() -> Manscdp.parse("<Notify><CmdType>Keepalive".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("not MANSCDP XML");
        assertThatThrownBy(() -> Manscdp.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Notify><CmdType>&e;</CmdType></Notify>"
                .getBytes(StandardCharsets.UTF_8))).hasMessageStartingWith("not MANSCDP XML");
    }

    @Test
    void queriesAreGb2312WithTheirSn() {
        String q = new String(ManscdpRequests.query("Catalog", 42, "44031100001180000001"), Manscdp.GB2312);
        assertThat(q).contains("encoding=\"GB2312\"").contains("<CmdType>Catalog</CmdType>").contains("<SN>42</SN>");
        ManscdpMessage back = Manscdp.parse(ManscdpRequests.ptz(7, "44031100001310000001", "A50F0000000000B4"));
        assertThat(back.is("Control", "DeviceControl")).isTrue();
        assertThat(back.text("PTZCmd")).isEqualTo("A50F0000000000B4");
    }
}
