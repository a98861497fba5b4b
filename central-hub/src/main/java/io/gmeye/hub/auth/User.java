package io.gmeye.hub.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An operator account as stored. {@code passwordHash} never leaves the hub (see {@link #view()}).
 *
 * @param sites sites in scope; empty for every site
 */
public record User(String name, String displayName, Role role, List<String> sites, String passwordHash, boolean disabled, long createdAt,
                   long updatedAt) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

    public User {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name + "' must be 1-32 lower-case letters, digits, '_', '.' or '-'");
        }
        if (role == null) {
            throw new IllegalArgumentException("role: is required (admin, operator or viewer)");
        }
        sites = sites == null ? List.of() : List.copyOf(sites);
        displayName = displayName == null || displayName.isBlank() ? name : displayName;
    }

    @JsonIgnore
    public Principal principal() {
        return new Principal(name, role, Set.copyOf(sites));
    }

    /** What the API shows: everything but the hash. */
    public UserView view() {
        return new UserView(name, displayName, role, sites, disabled, createdAt, updatedAt);
    }

    public record UserView(String name, String displayName, Role role, List<String> sites, boolean disabled, long createdAt, long updatedAt) {
    }
}
