package io.gmeye.rigs.gb28181;

import java.nio.charset.Charset;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The MANSCDP bodies a device sends, written the way device firmware writes them: GB2312
 * text from templates.
 */
final class DeviceXml {
    static final Charset GB2312 = Charset.forName("GB2312");
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n";

    private DeviceXml() {
    }

    static byte[] keepalive(long sn, String deviceId) {
        return (HEAD + "<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>" + sn + "</SN>\r\n<DeviceID>" + deviceId
                + "</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n").getBytes(GB2312);
    }

    static byte[] catalog(long sn, DeviceSpec d, List<DeviceSpec.Channel> part, boolean channelsOn) {
        return catalog("Response", sn, d, part, channelsOn);
    }

    /** A catalog change notification: the channels named, with their status now. */
    static byte[] catalogNotify(long sn, DeviceSpec d, List<DeviceSpec.Channel> changed, boolean on) {
        return catalog("Notify", sn, d, changed, on);
    }

    private static byte[] catalog(String root, long sn, DeviceSpec d, List<DeviceSpec.Channel> part, boolean channelsOn) {
        StringBuilder s = new StringBuilder(HEAD);
        s.append("<").append(root).append(">\r\n<CmdType>Catalog</CmdType>\r\n<SN>").append(sn).append("</SN>\r\n<DeviceID>").append(d.id())
                .append("</DeviceID>\r\n<SumNum>").append(d.channels().size()).append("</SumNum>\r\n<DeviceList Num=\"")
                .append(part.size()).append("\">\r\n");
        for (DeviceSpec.Channel c : part) {
            s.append("<Item>\r\n<DeviceID>").append(c.id()).append("</DeviceID>\r\n<Name>").append(c.name()).append("</Name>\r\n")
                    .append("<Manufacturer>").append(d.manufacturer()).append("</Manufacturer>\r\n<Model>").append(d.model())
                    .append("</Model>\r\n<Owner>Owner</Owner>\r\n<CivilCode>").append(c.civilCode()).append("</CivilCode>\r\n")
                    .append("<Address>Guangming</Address>\r\n<Parental>0</Parental>\r\n<ParentID>").append(d.id())
                    .append("</ParentID>\r\n<SafetyWay>0</SafetyWay>\r\n<RegisterWay>1</RegisterWay>\r\n<Secrecy>0</Secrecy>\r\n")
                    .append("<Status>").append(channelsOn ? "ON" : "OFF").append("</Status>\r\n<Info>\r\n<PTZType>")
                    .append(c.ptzType()).append("</PTZType>\r\n</Info>\r\n</Item>\r\n");
        }
        s.append("</DeviceList>\r\n</").append(root).append(">\r\n");
        return s.toString().getBytes(GB2312);
    }

    static byte[] deviceInfo(long sn, DeviceSpec d) {
        return (HEAD + "<Response>\r\n<CmdType>DeviceInfo</CmdType>\r\n<SN>" + sn + "</SN>\r\n<DeviceID>" + d.id() + "</DeviceID>\r\n"
                + "<DeviceName>" + d.model() + " " + d.id().substring(13) + "</DeviceName>\r\n<Result>OK</Result>\r\n<Manufacturer>"
                + d.manufacturer() + "</Manufacturer>\r\n<Model>" + d.model() + "</Model>\r\n<Firmware>V1.0.0</Firmware>\r\n<Channel>"
                + d.channels().size() + "</Channel>\r\n</Response>\r\n").getBytes(GB2312);
    }

    static byte[] deviceStatus(long sn, DeviceSpec d, boolean recording) {
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        return (HEAD + "<Response>\r\n<CmdType>DeviceStatus</CmdType>\r\n<SN>" + sn + "</SN>\r\n<DeviceID>" + d.id() + "</DeviceID>\r\n"
                + "<Result>OK</Result>\r\n<Online>ONLINE</Online>\r\n<Status>OK</Status>\r\n<Encode>ON</Encode>\r\n<Record>"
                + (recording ? "ON" : "OFF") + "</Record>\r\n<DeviceTime>" + time + "</DeviceTime>\r\n</Response>\r\n").getBytes(GB2312);
    }
}
