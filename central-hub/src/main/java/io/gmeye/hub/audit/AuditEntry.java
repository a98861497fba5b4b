package io.gmeye.hub.audit;

import java.util.Map;

/**
 * One change made by a person (or by an agent, as {@code agent:SITE}): who, what, to which
 * thing, in which site, and the details that say what changed.
 */
public record AuditEntry(String id, long at, String actor, String action, String target, String site, Map<String, Object> detail) {
    public AuditEntry {
        detail = detail == null ? Map.of() : detail;
    }
}
