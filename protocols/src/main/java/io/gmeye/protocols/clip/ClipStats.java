package io.gmeye.protocols.clip;

/**
 * The agent's clips in its heartbeat: what is kept against the quota, and every clip that is gone
 * or never made, counted by cause since the agent started (never a silent loss).
 *
 * @param kept       finished clips on disk
 * @param bytes      disk they take (with any being written)
 * @param quotaBytes the most they may take
 * @param evicted    deleted, oldest first, to stay within the quota
 * @param expired    deleted for being older than the retention
 * @param discarded  unfinished files found after a crash (kill -9, power loss) and deleted, never served
 * @param failed     clips that could not be made (no video kept, a write error, larger than the quota)
 */
public record ClipStats(int kept, long bytes, long quotaBytes, long evicted, long expired, long discarded, long failed) {
}
