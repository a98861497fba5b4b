/** The WS-Security UsernameToken header ONVIF devices authenticate with. */
@XmlSchema(namespace = Security.WSSE, elementFormDefault = XmlNsForm.QUALIFIED,
        xmlns = {@XmlNs(prefix = "wsse", namespaceURI = Security.WSSE), @XmlNs(prefix = "wsu", namespaceURI = Security.WSU)})
package io.gmeye.onvif.security;

import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
