package io.gmeye.hub.store;

/**
 * The hub's keyspaces. Each is an ordered map of byte keys; a distributed store replaces the
 * RocksDB one by offering the same spaces.
 */
public enum Space {
    /** message id to the envelope as received: the idempotency record */
    MESSAGES,
    /** snapshot message id to its JPEG */
    BLOBS,
    /** type|ts|id to message id: messages by kind and time */
    BY_TIME,
    /** kind|entity to its latest state */
    LATEST,
    /** kind|entity|ts to a state change */
    TRANSITIONS,
    /** kind|id to registry entries: sites, cameras, devices, checkpoints, tags */
    REGISTRY,
    /** command id to its state */
    COMMANDS,
    /** operators' commands to devices: c|id to the command, t|time|id by time, b|id to a batch */
    DEVICE_COMMANDS,
    /** SHA-256 of a login token to the operator's session (never the token itself) */
    SESSIONS,
    /** everything else: counters, versions */
    META;

    public String columnFamily() {
        return name().toLowerCase();
    }
}
