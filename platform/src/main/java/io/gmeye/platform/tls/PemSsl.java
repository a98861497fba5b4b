package io.gmeye.platform.tls;

import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * SSLContexts from PEM files, the form operators keep certificates in: a CA bundle to trust the
 * hub, and optionally a client certificate and PKCS#8 key for mutual TLS.
 */
public final class PemSsl {
    private PemSsl() {
    }

    public static SSLContext context(Path caPem, Path certPem, Path keyPem) {
        try {
            TrustManagerFactory tmf = null;
            if (caPem != null) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(caPem)) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (certPem != null && keyPem != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                char[] pw = new char[0];
                ks.setKeyEntry("client", privateKey(keyPem), pw, certificates(certPem).toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GmeyeException e) {
            throw e;
        } catch (Exception e) {
            throw new GmeyeException(ErrorKind.BAD_REQUEST, "cannot build TLS context from " + caPem + ", " + certPem + ", " + keyPem
                    + ": " + e.getMessage(), e);
        }
    }

    public static List<Certificate> certificates(Path pem) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<Certificate> out = new ArrayList<>(cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem))));
            if (out.isEmpty()) {
                throw new GmeyeException(ErrorKind.BAD_REQUEST, pem + ": no certificate in this PEM file");
            }
            return out;
        } catch (IOException | java.security.cert.CertificateException e) {
            throw new GmeyeException(ErrorKind.BAD_REQUEST, pem + ": not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(Path pem) {
        String text;
        try {
            text = Files.readString(pem);
        } catch (IOException e) {
            throw new GmeyeException(ErrorKind.BAD_REQUEST, pem + ": cannot read: " + e.getMessage(), e);
        }
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GmeyeException(ErrorKind.BAD_REQUEST, pem + ": expected a PKCS#8 key (BEGIN PRIVATE KEY); convert with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem'");
        }
        String b64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(b64);
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (Exception ignored) {
                // try the next algorithm
            }
        }
        throw new GmeyeException(ErrorKind.BAD_REQUEST, pem + ": not an RSA, EC or Ed25519 private key");
    }
}
