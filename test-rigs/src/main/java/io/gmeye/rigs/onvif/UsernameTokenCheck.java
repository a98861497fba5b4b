package io.gmeye.rigs.onvif;

import io.gmeye.onvif.security.Security;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import javax.xml.namespace.QName;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.phase.Phase;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What an ONVIF camera does with every request: look for a UsernameToken and check its
 * PasswordDigest, Base64(SHA-1(nonce + created + password)), with Created no more than five
 * minutes off. A missing or wrong token is a Sender fault with subcode ter:NotAuthorized.
 */
final class UsernameTokenCheck extends AbstractSoapInterceptor {
    static final QName NOT_AUTHORIZED = new QName("http://www.onvif.org/ver10/error", "NotAuthorized", "ter");
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final String username;
    private final String password;

    UsernameTokenCheck(String username, String password) {
        super(Phase.PRE_PROTOCOL);
        this.username = username;
        this.password = password;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        Header h = message.getHeader(Security.NAME);
        if (h == null || !(h.getObject() instanceof Element security)) {
            throw refused(message, "no UsernameToken");
        }
        Element token = child(security, "UsernameToken");
        if (token == null) {
            throw refused(message, "no UsernameToken");
        }
        String user = text(child(token, "Username"));
        Element pw = child(token, "Password");
        String nonce = text(child(token, "Nonce"));
        String created = text(child(token, "Created"));
        if (!username.equals(user) || pw == null || nonce == null || created == null
                || !Security.PASSWORD_DIGEST.equals(pw.getAttribute("Type"))) {
            throw refused(message, "wrong user or not a password digest");
        }
        try {
            if (Duration.between(Instant.parse(created), Instant.now()).abs().compareTo(SKEW) > 0) {
                throw refused(message, "Created is more than 5 minutes off");
            }
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(Base64.getDecoder().decode(nonce));
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            String expected = Base64.getEncoder().encodeToString(sha1.digest());
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), text(pw).getBytes(StandardCharsets.US_ASCII))) {
                throw refused(message, "wrong password");
            }
        } catch (DateTimeParseException | IllegalArgumentException | NoSuchAlgorithmException e) {
            throw refused(message, "unreadable token: " + e.getMessage());
        }
    }

    private static SoapFault refused(SoapMessage m, String why) {
        SoapFault f = new SoapFault("Sender not Authorized: " + why, m.getVersion().getSender());
        f.setSubCode(NOT_AUTHORIZED);
        f.setStatusCode(400);
        return f;
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent().strip();
    }
}
