package io.gmeye.agent.gb28181.manscdp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Reads the MANSCDP XML bodies devices send (GB/T 28181 appendix A). Devices declare GB2312 or
 * UTF-8 and the parser follows the declaration; no DTDs or external entities are read.
 */
public final class Manscdp {
    private static final DocumentBuilderFactory FACTORY = factory();
    public static final Charset GB2312 = Charset.forName("GB2312");

    private Manscdp() {
    }

    /** Parses a body; a malformed one fails with a reason that names the problem. */
    public static ManscdpMessage parse(byte[] body) {
        Element root;
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(null);
            root = builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new IllegalArgumentException("not MANSCDP XML: " + e.getMessage());
        }
        String cmdType = ManscdpMessage.text(root, "CmdType");
        if (cmdType == null || cmdType.isEmpty()) {
            throw new IllegalArgumentException("CmdType: is missing");
        }
        String sn = ManscdpMessage.text(root, "SN");
        long snValue;
        try {
            snValue = sn == null || sn.isEmpty() ? 0 : Long.parseLong(sn);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SN: '" + sn + "' is not a number");
        }
        return new ManscdpMessage(root.getTagName(), cmdType, snValue, ManscdpMessage.text(root, "DeviceID"), root);
    }

    /** One part of a catalog answer: SumNum is the whole catalog's size, the items are this message's share. */
    public record CatalogPart(String deviceId, long sn, int sumNum, List<CatalogItem> items) {
    }

    /**
     * One catalog entry: a channel (camera), or an organisation node, civil code or sub-device
     * that groups them.
     *
     * @param parentId the device or group it hangs under (ParentID, or the answering device)
     * @param ptzType  1 dome, 2 half-dome, 3 fixed bullet, 4 remote-controlled bullet (2016: Info/PTZType; 0: not said)
     */
    public record CatalogItem(String id, String name, String manufacturer, String model, String civilCode, String parentId,
                              boolean on, int ptzType, String address) {
        /** A video channel: its id's type digits (11-13) say camera (131) or encoder channel (132). */
        public boolean isVideoChannel() {
            if (id == null || id.length() != 20) {
                return false;
            }
            String type = id.substring(10, 13);
            return type.equals("131") || type.equals("132");
        }

        /** Dome and remote-controlled bullet cameras turn. */
        public boolean ptz() {
            return ptzType == 1 || ptzType == 4;
        }
    }

    public static CatalogPart catalog(ManscdpMessage m) {
        int sumNum = integer(m.text("SumNum"), 0);
        List<CatalogItem> items = new ArrayList<>();
        Element list = ManscdpMessage.child(m.element(), "DeviceList");
        if (list != null) {
            for (Element item : ManscdpMessage.children(list, "Item")) {
                String status = ManscdpMessage.text(item, "Status");
                Element info = ManscdpMessage.child(item, "Info");
                int ptzType = integer(info == null ? null : ManscdpMessage.text(info, "PTZType"), 0);
                if (ptzType == 0) {
                    ptzType = integer(ManscdpMessage.text(item, "PTZType"), 0); // 2022 puts it in the item
                }
                String parent = ManscdpMessage.text(item, "ParentID");
                items.add(new CatalogItem(ManscdpMessage.text(item, "DeviceID"), ManscdpMessage.text(item, "Name"),
                        ManscdpMessage.text(item, "Manufacturer"), ManscdpMessage.text(item, "Model"),
                        ManscdpMessage.text(item, "CivilCode"), parent == null || parent.isEmpty() ? m.deviceId() : parent,
                        status == null || status.equalsIgnoreCase("ON") || status.equalsIgnoreCase("OK"), ptzType,
                        ManscdpMessage.text(item, "Address")));
            }
        }
        return new CatalogPart(m.deviceId(), m.sn(), sumNum, items);
    }

    /** What a device says of itself (DeviceInfo response). */
    public record DeviceInfo(String deviceId, String name, String manufacturer, String model, String firmware, int channels) {
    }

    public static DeviceInfo deviceInfo(ManscdpMessage m) {
        return new DeviceInfo(m.deviceId(), m.text("DeviceName"), m.text("Manufacturer"), m.text("Model"), m.text("Firmware"),
                integer(m.text("Channel"), 0));
    }

    /** How a device says it stands (DeviceStatus response). */
    public record DeviceStatus(String deviceId, boolean online, boolean working, boolean recording, String deviceTime) {
    }

    public static DeviceStatus deviceStatus(ManscdpMessage m) {
        return new DeviceStatus(m.deviceId(), "ONLINE".equalsIgnoreCase(m.text("Online")), "OK".equalsIgnoreCase(m.text("Status")),
                "ON".equalsIgnoreCase(m.text("Record")), m.text("DeviceTime"));
    }

    private static int integer(String s, int fallback) {
        if (s == null || s.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
