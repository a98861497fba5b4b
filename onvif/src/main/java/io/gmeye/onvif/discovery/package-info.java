/** WS-Discovery (2005/04, as ONVIF uses it) over SOAP 1.2 on UDP, with WS-Addressing 2004/08 headers. */
@XmlSchema(namespace = Discovery.D, elementFormDefault = XmlNsForm.QUALIFIED,
        xmlns = {@XmlNs(prefix = "s", namespaceURI = Discovery.SOAP), @XmlNs(prefix = "a", namespaceURI = Discovery.WSA),
                @XmlNs(prefix = "d", namespaceURI = Discovery.D), @XmlNs(prefix = "dn", namespaceURI = Discovery.DN)})
package io.gmeye.onvif.discovery;

import jakarta.xml.bind.annotation.XmlNs;
import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
