/** Messages of the ONVIF ptz service that gmeye uses (document/literal, SOAP 1.2). */
@XmlSchema(namespace = "http://www.onvif.org/ver20/ptz/wsdl", elementFormDefault = XmlNsForm.QUALIFIED)
package io.gmeye.onvif.ptz;

import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
