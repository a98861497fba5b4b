package io.gmeye.hub.estate;

import io.gmeye.hub.store.Keys;

/**
 * Whose history a transition belongs to. Every history the hub keeps in the store's TRANSITIONS
 * space is named here, so no feature spells a key of its own and no two spell one differently.
 */
public record TransitionKey(Kind kind, String id) {
    /** A kind of history and the key prefix it is stored under (kept as stored before, so stores stay readable). */
    public enum Kind {
        /** a camera's states: online, offline... and removed */
        CAMERA("camera"),
        /** a device's states */
        DEVICE("device"),
        /** a site's silences: silent, alive */
        SITE("site"),
        /** a site's configuration versions, by version */
        SITE_CONFIG("siteconfig"),
        /** the whitelist's deltas, by version (one history for the hub: no id) */
        WHITELIST_DELTA("whitelist.delta", false);

        private final String prefix;
        private final boolean perEntity;

        Kind(String prefix) {
            this(prefix, true);
        }

        Kind(String prefix, boolean perEntity) {
            this.prefix = prefix;
            this.perEntity = perEntity;
        }

        byte[] prefix() {
            return Keys.prefix(prefix);
        }
    }

    public TransitionKey {
        if (kind == null || (kind.perEntity && (id == null || id.isEmpty() || id.indexOf('|') >= 0)) || (!kind.perEntity && id != null)) {
            throw new IllegalArgumentException("a transition key needs a kind and, for one entity's history, an id without '|', got "
                    + kind + " " + id);
        }
    }

    public static TransitionKey camera(String id) {
        return new TransitionKey(Kind.CAMERA, id);
    }

    public static TransitionKey device(String id) {
        return new TransitionKey(Kind.DEVICE, id);
    }

    public static TransitionKey site(String id) {
        return new TransitionKey(Kind.SITE, id);
    }

    public static TransitionKey siteConfig(String site) {
        return new TransitionKey(Kind.SITE_CONFIG, site);
    }

    public static TransitionKey whitelistDeltas() {
        return new TransitionKey(Kind.WHITELIST_DELTA, null);
    }

    byte[] prefix() {
        return id == null ? Keys.prefix(kind.prefix) : Keys.prefix(kind.prefix, id);
    }

    /** kind|id|8-byte time|suffix: one entry, time-ordered within the key. */
    byte[] at(long time, String suffix) {
        return Keys.timed(id == null ? kind.prefix : kind.prefix + "|" + id, time, suffix);
    }
}
