package io.gmeye.onvif.security;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.XmlValue;
import javax.xml.namespace.QName;

/**
 * wsse:Security with a UsernameToken (OASIS Username Token Profile 1.0): the password as
 * Base64(SHA-1(nonce + created + password)), so it never crosses the network.
 */
@XmlRootElement(name = "Security")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "", propOrder = {"usernameToken"})
public class Security {
    public static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public static final String PASSWORD_DIGEST =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    public static final String BASE64 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
    public static final QName NAME = new QName(WSSE, "Security");

    @XmlElement(name = "UsernameToken", required = true)
    public UsernameToken usernameToken;

    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "UsernameToken", propOrder = {"username", "password", "nonce", "created"})
    public static class UsernameToken {
        @XmlElement(name = "Username", required = true)
        public String username;
        @XmlElement(name = "Password", required = true)
        public Typed password;
        @XmlElement(name = "Nonce")
        public Typed nonce;
        @XmlElement(name = "Created", namespace = WSU)
        public String created;
    }

    /** A text with its Type (Password) or EncodingType (Nonce) attribute. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "Typed")
    public static class Typed {
        @XmlValue
        public String value;
        @XmlAttribute(name = "Type")
        public String type;
        @XmlAttribute(name = "EncodingType")
        public String encodingType;
    }
}
