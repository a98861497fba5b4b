package io.gmeye.agent.gb28181.manscdp;

/**
 * The MANSCDP bodies the agent sends: queries and controls, GB2312 encoded as devices expect.
 */
public final class ManscdpRequests {
    private ManscdpRequests() {
    }

    public static byte[] query(String cmdType, long sn, String deviceId) {
        return new Body("Query").add("CmdType", cmdType).add("SN", Long.toString(sn)).add("DeviceID", deviceId).bytes();
    }

    /** A DeviceControl with a PTZ instruction for one channel. */
    public static byte[] ptz(long sn, String channelId, String ptzCmd) {
        return new Body("Control").add("CmdType", "DeviceControl").add("SN", Long.toString(sn)).add("DeviceID", channelId)
                .add("PTZCmd", ptzCmd).raw("<Info>\r\n<ControlPriority>5</ControlPriority>\r\n</Info>\r\n").bytes();
    }

    /** A small element writer: the bodies are flat and their values escaped. */
    private static final class Body {
        private final String root;
        private final StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n");

        Body(String root) {
            this.root = root;
            s.append('<').append(root).append(">\r\n");
        }

        Body add(String name, String value) {
            s.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append(">\r\n");
            return this;
        }

        Body raw(String xml) {
            s.append(xml);
            return this;
        }

        byte[] bytes() {
            s.append("</").append(root).append(">\r\n");
            return s.toString().getBytes(Manscdp.GB2312);
        }

        private static String escape(String v) {
            return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
