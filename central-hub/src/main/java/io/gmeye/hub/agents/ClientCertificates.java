package io.gmeye.hub.agents;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The site a client certificate names. The TLS layer has already checked the chain against the
 * configured client CA; here we only read the name: the subject's CN, or else its one DNS
 * subject-alternative name.
 */
final class ClientCertificates {
    private ClientCertificates() {
    }

    /** The site named by the peer's certificate, or null when the connection carries none. */
    static String site(SSLSession session) {
        if (session == null) {
            return null;
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            return null;
        }
        String cn = commonName(cert);
        return cn != null ? cn : dnsName(cert);
    }

    private static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static String dnsName(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names == null) {
                return null;
            }
            List<String> dns = names.stream().filter(n -> Integer.valueOf(2).equals(n.get(0))).map(n -> String.valueOf(n.get(1))).toList();
            return dns.size() == 1 ? dns.get(0) : null; // several names would be ambiguous: no site
        } catch (CertificateParsingException e) {
            return null;
        }
    }
}
