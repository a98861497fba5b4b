package io.gmeye.hub.siteconfig;

import io.gmeye.protocols.config.ConfigBundle;

/** A site's configuration as the hub keeps it: the bundle (its version inside), who made it and when. */
public record SiteConfig(String site, ConfigBundle bundle, long updatedAt, String updatedBy) {
    public long version() {
        return bundle.version();
    }
}
