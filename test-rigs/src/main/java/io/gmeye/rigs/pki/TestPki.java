package io.gmeye.rigs.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for tests and rigs: a CA, server certificates for the hub and
 * client certificates that name a site, written as PEM (certificates) and PKCS#8 PEM (keys), the
 * forms the hub and the agent read. EC P-256 keys, made fresh each run.
 */
public final class TestPki {
    /** PEM files of one certificate and its key. */
    public record Issued(Path cert, Path key) {
    }

    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final Path caPem;

    private TestPki(Path dir, String name, KeyPair caKeys, X509Certificate caCert, Path caPem) {
        this.dir = dir;
        this.name = name;
        this.caKeys = caKeys;
        this.caCert = caCert;
        this.caPem = caPem;
    }

    /** A new CA called {@code name}, its files under {@code dir}. */
    public static TestPki create(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            KeyPair keys = keys();
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder b = builder(subject, subject, keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate cert = sign(b, keys.getPrivate());
            Path pem = dir.resolve(name + "-ca.pem");
            Files.writeString(pem, pem("CERTIFICATE", cert.getEncoded()));
            return new TestPki(dir, name, keys, cert, pem);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test CA: " + e.getMessage(), e);
        }
    }

    public Path caPem() {
        return caPem;
    }

    /** A server certificate for these DNS names and 127.0.0.1. */
    public Issued server(String fileName, String... dnsNames) {
        GeneralName[] names = new GeneralName[dnsNames.length + 1];
        for (int i = 0; i < dnsNames.length; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
        }
        names[dnsNames.length] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
        return issue(fileName, "CN=" + (dnsNames.length > 0 ? dnsNames[0] : "localhost"), new GeneralNames(names), KeyPurposeId.id_kp_serverAuth);
    }

    /** A client certificate whose subject CN names the site. */
    public Issued client(String site) {
        return issue("client-" + site, "CN=" + site + ",O=gmeye sites", null, KeyPurposeId.id_kp_clientAuth);
    }

    private Issued issue(String fileName, String subject, GeneralNames san, KeyPurposeId purpose) {
        try {
            KeyPair keys = keys();
            X509v3CertificateBuilder b = builder(new X500Name(caCert.getSubjectX500Principal().getName()), new X500Name(subject), keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (san != null) {
                b.addExtension(Extension.subjectAlternativeName, false, san);
            }
            X509Certificate cert = sign(b, caKeys.getPrivate());
            Path certPem = dir.resolve(name + "-" + fileName + ".pem");
            Path keyPem = dir.resolve(name + "-" + fileName + ".key.pem");
            Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyPem, pem("PRIVATE KEY", keys.getPrivate().getEncoded())); // PKCS#8
            return new Issued(certPem, keyPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue " + subject + ": " + e.getMessage(), e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
