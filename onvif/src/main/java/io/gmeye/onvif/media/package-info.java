/** Messages of the ONVIF media service that gmeye uses (document/literal, SOAP 1.2). */
@XmlSchema(namespace = "http://www.onvif.org/ver10/media/wsdl", elementFormDefault = XmlNsForm.QUALIFIED)
package io.gmeye.onvif.media;

import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
