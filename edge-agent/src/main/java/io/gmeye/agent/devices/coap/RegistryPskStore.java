package io.gmeye.agent.devices.coap;

import io.gmeye.agent.devices.registry.DeviceRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import javax.security.auth.DestroyFailedException;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * Device keys looked up in the live device registry at each handshake, so a device the hub's
 * configuration adds (or removes) gets (or loses) DTLS without a restart. The key derivation
 * itself is Scandium's: each lookup hands the one key to an {@link AdvancedSinglePskStore}.
 */
final class RegistryPskStore implements AdvancedPskStore {
    private final DeviceRegistry registry;
    private final DtlsFailures failures;

    RegistryPskStore(DeviceRegistry registry, DtlsFailures failures) {
        this.registry = registry;
        this.failures = failures;
    }

    /** True when some device has a key now: whether the DTLS listener is worth opening. */
    static boolean anyKey(DeviceRegistry registry) {
        return registry.all().stream().anyMatch(k -> k.entry().psk() != null);
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName, PskPublicInformation identity, String hmacAlgorithm,
                                                  SecretKey otherSecret, byte[] seed, boolean useExtendedMasterSecret) {
        String psk = registry.find(identity.getPublicInfoAsString()).map(k -> k.entry().psk()).orElse(null);
        if (psk == null) {
            failures.unknownIdentity(identity.getPublicInfoAsString());
            return new PskSecretResult(cid, identity, null); // unknown identity: the handshake fails
        }
        AdvancedSinglePskStore one = new AdvancedSinglePskStore(identity, psk.getBytes(StandardCharsets.UTF_8));
        try {
            return one.requestPskSecretResult(cid, serverName, identity, hmacAlgorithm, otherSecret, seed, useExtendedMasterSecret);
        } finally {
            try {
                one.destroy();
            } catch (DestroyFailedException e) {
                // the copy of the key is garbage now either way
            }
        }
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null; // server only: we never start a handshake
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers are synchronous
    }
}
