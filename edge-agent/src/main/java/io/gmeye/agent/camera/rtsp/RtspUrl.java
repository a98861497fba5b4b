package io.gmeye.agent.camera.rtsp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * An rtsp:// URL taken apart: where to connect, the credentials it carries (sent only when the
 * camera asks for them), and the URL without them, which is what goes into requests.
 */
public record RtspUrl(String host, int port, String user, String password, String withoutCredentials) {
    private static final int DEFAULT_PORT = 554;

    public static RtspUrl parse(String url) {
        if (!url.regionMatches(true, 0, "rtsp://", 0, 7)) {
            throw new IllegalArgumentException("not an rtsp:// URL");
        }
        String rest = url.substring(7);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String host = authority;
        int port = DEFAULT_PORT;
        int colon = authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']')) { // not inside an IPv6 literal
            host = authority.substring(0, colon);
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in " + authority);
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        return new RtspUrl(host, port, user, password, "rtsp://" + authority + path);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
