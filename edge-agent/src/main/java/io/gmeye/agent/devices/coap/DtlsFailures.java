package io.gmeye.agent.devices.coap;

import io.gmeye.platform.metrics.Metrics;
import java.net.InetSocketAddress;
import java.security.Principal;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.scandium.MdcConnectionListener;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says why a device's DTLS handshake failed, once per handshake, in the log and in
 * {@code gmeye.devices.dtls.failures{reason}}: an identity no device has a key for, or a wrong key.
 * Scandium drops a record it cannot decrypt without a word (DTLS must), so a wrong key is seen
 * here as the first record of a handshake that does not decrypt: the client's Finished, sealed
 * with keys derived from the key the device holds. The other callbacks stay Scandium's own
 * listener's (log context only).
 */
final class DtlsFailures extends MdcConnectionListener {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsFailures.class);
    private final Metrics metrics;

    DtlsFailures(Metrics metrics) {
        this.metrics = metrics;
    }

    /** From the key lookup: no device has a key for this identity. */
    void unknownIdentity(String identity) {
        LOG.warn("DTLS handshake refused: no device '{}' with a key at this site", identity);
        metrics.count("gmeye.devices.dtls.failures", "reason", "unknown_identity");
    }

    @Override
    public boolean onConnectionMacError(Connection connection) {
        Handshaker handshake = connection.getOngoingHandshake();
        DTLSContext context = handshake == null ? null : handshake.getDtlsContext();
        if (context != null && context.getMacErrors() == 1) {
            Principal who = handshake.getSession().getPeerIdentity();
            String device = who instanceof PreSharedKeyIdentity psk ? psk.getIdentity() : "unknown";
            InetSocketAddress from = connection.getPeerAddress();
            LOG.warn("DTLS handshake of device {} from {} failed: its records do not decrypt with the key this agent holds for it"
                    + " (wrong PSK; set the same key on the device and in its registry entry)", device, from);
            metrics.count("gmeye.devices.dtls.failures", "reason", "wrong_key");
        }
        return false; // Scandium goes on as DTLS requires: the record is dropped and the handshake times out
    }
}
