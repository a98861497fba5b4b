package io.gmeye.onvif;

/** Makes CXF log through SLF4J like the rest of gmeye, not java.util.logging; call before the first proxy or endpoint. */
public final class OnvifRuntime {
    private OnvifRuntime() {
    }

    public static void init() {
        System.setProperty("org.apache.cxf.Logger", "org.apache.cxf.common.logging.Slf4jLogger");
    }
}
