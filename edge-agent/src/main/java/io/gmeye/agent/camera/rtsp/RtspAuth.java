package io.gmeye.agent.camera.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Authorization header a camera asked for in its 401 (WWW-Authenticate): Digest (RFC 2617,
 * MD5, as IP cameras use it) where offered, else Basic; built for each request, since Digest
 * signs the method and URL.
 */
final class RtspAuth {
    private final String user;
    private final String password;
    private final String realm;
    private final String nonce;
    private final String opaque;
    private final boolean digest;

    private RtspAuth(String user, String password, boolean digest, Map<String, String> params) {
        this.user = user;
        this.password = password;
        this.digest = digest;
        this.realm = params.getOrDefault("realm", "");
        this.nonce = params.getOrDefault("nonce", "");
        this.opaque = params.get("opaque");
    }

    /** From the challenges of a 401; null when none is Basic or Digest. */
    static RtspAuth from(List<String> challenges, String user, String password) {
        RtspAuth basic = null;
        for (String c : challenges) {
            String scheme = c.trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (scheme.equals("digest")) {
                return new RtspAuth(user, password, true, params(c.trim().substring(6)));
            }
            if (scheme.equals("basic") && basic == null) {
                basic = new RtspAuth(user, password, false, Map.of());
            }
        }
        return basic;
    }

    String header(String method, String uri) {
        if (!digest) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String response = md5(ha1 + ":" + nonce + ":" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\"" + (opaque == null ? "" : ", opaque=\"" + opaque + "\"");
    }

    /** key="value", key=value pairs; quoted values may hold commas. */
    static Map<String, String> params(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < s.length() && s.charAt(i) == '"') {
                int end = s.indexOf('"', i + 1);
                end = end < 0 ? s.length() : end;
                value = s.substring(i + 1, end);
                i = end + 1;
            } else {
                int end = s.indexOf(',', i);
                end = end < 0 ? s.length() : end;
                value = s.substring(i, end).trim();
                i = end;
            }
            out.put(key, value);
        }
        return out;
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
