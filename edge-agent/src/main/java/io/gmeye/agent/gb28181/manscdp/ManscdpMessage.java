package io.gmeye.agent.gb28181.manscdp;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * One MANSCDP body (Notify, Query, Response or Control) as parsed XML, with the fields every
 * message has.
 *
 * @param root    Notify, Query, Response or Control
 * @param cmdType Keepalive, Catalog, DeviceInfo, DeviceStatus, DeviceControl...
 * @param sn      the sequence number pairing a response with its query
 */
public record ManscdpMessage(String root, String cmdType, long sn, String deviceId, Element element) {

    /** The trimmed text of a direct child, or null. */
    public String text(String child) {
        return text(element, child);
    }

    static String text(Element parent, String child) {
        Element e = child(parent, child);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent();
        return t == null ? null : t.strip();
    }

    static Element child(Element parent, String name) {
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            Node n = list.item(i);
            if (n instanceof Element e && name.equalsIgnoreCase(e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            Node n = list.item(i);
            if (n instanceof Element e && name.equalsIgnoreCase(e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    public boolean is(String root, String cmdType) {
        return this.root.equalsIgnoreCase(root) && cmdType.equalsIgnoreCase(this.cmdType);
    }
}
