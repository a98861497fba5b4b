/** Types of the ONVIF schema (tt, onvif.xsd and common.xsd) that gmeye reads and writes: a subset, same names and order. */
@XmlSchema(namespace = "http://www.onvif.org/ver10/schema", elementFormDefault = XmlNsForm.QUALIFIED)
package io.gmeye.onvif.schema;

import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
