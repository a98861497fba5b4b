/** Messages of the ONVIF device service that gmeye uses (document/literal, SOAP 1.2). */
@XmlSchema(namespace = "http://www.onvif.org/ver10/device/wsdl", elementFormDefault = XmlNsForm.QUALIFIED)
package io.gmeye.onvif.device;

import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
