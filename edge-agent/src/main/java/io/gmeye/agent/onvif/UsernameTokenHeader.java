package io.gmeye.agent.onvif;

import io.gmeye.onvif.security.Security;
import jakarta.xml.bind.JAXBException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.headers.Header;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.jaxb.JAXBDataBinding;
import org.apache.cxf.phase.Phase;

/**
 * Puts a fresh WS-Security UsernameToken on every request: a random nonce, the time, and the
 * password digest Base64(SHA-1(nonce + created + password)), so the password never crosses the
 * network and a captured request cannot be replayed for long.
 */
final class UsernameTokenHeader extends AbstractSoapInterceptor {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String username;
    private final String password;
    private final Clock clock;
    private final JAXBDataBinding binding;

    UsernameTokenHeader(String username, String password, Clock clock) {
        super(Phase.PRE_PROTOCOL);
        this.username = username;
        this.password = password;
        this.clock = clock;
        try {
            this.binding = new JAXBDataBinding(Security.class);
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void handleMessage(SoapMessage message) throws Fault {
        message.getHeaders().add(new Header(Security.NAME, token(), binding));
    }

    Security token() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String created = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
        Security s = new Security();
        s.usernameToken = new Security.UsernameToken();
        s.usernameToken.username = username;
        s.usernameToken.password = new Security.Typed();
        s.usernameToken.password.type = Security.PASSWORD_DIGEST;
        s.usernameToken.password.value = digest(nonce, created, password);
        s.usernameToken.nonce = new Security.Typed();
        s.usernameToken.nonce.encodingType = Security.BASE64;
        s.usernameToken.nonce.value = Base64.getEncoder().encodeToString(nonce);
        s.usernameToken.created = created;
        return s;
    }

    static String digest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
