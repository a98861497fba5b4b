package io.gmeye.protocols.clip;

/**
 * The agent's rolling recordings in its heartbeat: what is kept against the quota and every segment
 * that is gone or never finished, counted by cause since the agent started (never a silent loss).
 *
 * @param segments   finished segments on disk, of every recorded camera
 * @param bytes      disk they take
 * @param quotaBytes the most they may take
 * @param evicted    deleted, oldest first, to stay within the quota
 * @param expired    deleted for being older than the retention
 * @param discarded  unfinished segments found after a crash (kill -9, power loss) and deleted, never listed
 * @param failed     segments that could not be finished (a write error, a stream that broke mid-write)
 * @param oldestAt   when the oldest segment kept ends (agent time, epoch ms); 0 when none is kept
 */
public record RecordingStats(int segments, long bytes, long quotaBytes, long evicted, long expired, long discarded, long failed,
                             long oldestAt) {
}
