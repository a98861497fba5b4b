package io.gmeye.hub.auth;

import java.util.Set;
import java.util.function.Predicate;

/**
 * The operator behind a request, resolved from the session on every request so a changed role
 * or scope takes effect at once.
 *
 * @param sites the sites this operator may see; empty means every site
 */
public record Principal(String name, Role role, Set<String> sites) {
    public Principal {
        sites = Set.copyOf(sites);
    }

    public boolean canSee(String site) {
        return sites.isEmpty() || (site != null && sites.contains(site));
    }

    public boolean allSites() {
        return sites.isEmpty();
    }

    /** As a filter over site ids. */
    public Predicate<String> scope() {
        return this::canSee;
    }
}
