package io.gmeye.hub.registry;

import io.gmeye.hub.store.WriteTx;

/**
 * A feature that holds state per camera or device and forgets the removed ones: what it stores
 * goes in the removal's own atomic write, what it holds in memory goes once that is committed.
 */
public interface RemovalListener {
    /** Adds to the removal's write (deletes, a 'removed' transition); runs on the store's writer thread. */
    default void write(WriteTx tx, Removal r) {
    }

    /** The removal is durable: forget the entries in memory. */
    void committed(Removal r);
}
