package io.gmeye.hub.siteconfig;

/**
 * What a site's agent said of its configuration.
 *
 * @param version        the version it runs (its heartbeat or its answer to a push), 0 for its own file's
 * @param refusedVersion the last version it refused, 0 for none
 * @param refusal        why it refused that version
 * @param reportedAt     hub time of the last word
 */
public record AgentConfigState(long version, long refusedVersion, String refusal, long reportedAt) {
    static final AgentConfigState NONE = new AgentConfigState(0, 0, null, 0);

    AgentConfigState runs(long v, long at) {
        return new AgentConfigState(v, refusedVersion, refusal, at);
    }

    AgentConfigState refused(long v, String reason, long at) {
        return new AgentConfigState(version, v, reason, at);
    }
}
