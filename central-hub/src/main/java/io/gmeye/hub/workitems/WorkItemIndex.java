package io.gmeye.hub.workitems;

import io.gmeye.hub.registry.Codes;
import io.gmeye.hub.registry.TagDictionary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The work items as columns of numbers in creation order, so a filtered, counted, newest-first
 * page over a million items is one pass of int compares (the items themselves stay in the store).
 * Strings become numbers through {@link Codes}; tag sets are shared between items with the same
 * tags and matched once per query.
 */
public final class WorkItemIndex {
    /** A page of ids, the number of items that match, and per state how many would match without the state filter. */
    public record Result(long total, List<String> ids, Map<WorkState, Long> byState) {
    }

    private final TagDictionary tags;
    private final Codes sites = new Codes();
    private final Codes names = new Codes(); // scenes, types, cameras, checkpoints, assignees share one code space
    private final List<int[]> tagSets = new ArrayList<>();
    private final Map<String, Integer> tagSetIds = new HashMap<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private int size;
    private String[] ids = new String[1024];
    private long[] created = new long[1024];
    private byte[] kind = new byte[1024];
    private byte[] state = new byte[1024];
    private int[] site = new int[1024];
    private int[] scene = new int[1024];
    private int[] type = new int[1024];
    private int[] source = new int[1024]; // the camera, or the checkpoint
    private int[] assignee = new int[1024];
    private int[] tagSet = new int[1024];

    public WorkItemIndex(TagDictionary tags) {
        this.tags = tags;
    }

    /** Adds an item or updates the one with its id. */
    public void put(WorkItem w) {
        lock.writeLock().lock();
        try {
            Integer at = positions.get(w.id());
            int i;
            if (at == null) {
                grow();
                i = slotFor(w.createdAt(), w.id());
                positions.put(w.id(), i);
                ids[i] = w.id();
                created[i] = w.createdAt();
            } else {
                i = at;
            }
            kind[i] = (byte) w.kind().ordinal();
            state[i] = (byte) w.state().ordinal();
            site[i] = sites.code(w.site());
            scene[i] = names.codeOrNone(w.scene());
            type[i] = names.codeOrNone(w.type());
            source[i] = names.codeOrNone(w.camera() != null ? w.camera() : w.checkpoint());
            assignee[i] = names.codeOrNone(w.assignee());
            tagSet[i] = tagSet(w.tags());
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The site of an item, or null when the index does not hold it. */
    public String siteOf(String id) {
        lock.readLock().lock();
        try {
            Integer i = positions.get(id);
            return i == null ? null : sites.name(site[i]);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Where a new item goes so the columns stay in (creation time, id) order: at the end nearly
     * always; items of different sites can be applied in a different order on each node of a
     * cluster (they are in different partitions of the log), and this order is the same on all.
     */
    private int slotFor(long createdAt, String id) {
        int lo = size;
        while (lo > 0 && (created[lo - 1] > createdAt || (created[lo - 1] == createdAt && ids[lo - 1].compareTo(id) > 0))) {
            lo--;
        }
        if (lo < size) {
            int n = size - lo;
            System.arraycopy(ids, lo, ids, lo + 1, n);
            System.arraycopy(created, lo, created, lo + 1, n);
            System.arraycopy(kind, lo, kind, lo + 1, n);
            System.arraycopy(state, lo, state, lo + 1, n);
            System.arraycopy(site, lo, site, lo + 1, n);
            System.arraycopy(scene, lo, scene, lo + 1, n);
            System.arraycopy(type, lo, type, lo + 1, n);
            System.arraycopy(source, lo, source, lo + 1, n);
            System.arraycopy(assignee, lo, assignee, lo + 1, n);
            System.arraycopy(tagSet, lo, tagSet, lo + 1, n);
            for (int j = lo + 1; j <= size; j++) {
                positions.put(ids[j], j);
            }
        }
        size++;
        return lo;
    }

    /** Restores creation order after a load from the store (keys come in id order). */
    public void sortByCreation() {
        lock.writeLock().lock();
        try {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> created[a] != created[b] ? Long.compare(created[a], created[b]) : ids[a].compareTo(ids[b]));
            ids = permute(ids, order);
            created = permute(created, order);
            kind = permute(kind, order);
            state = permute(state, order);
            site = permute(site, order);
            scene = permute(scene, order);
            type = permute(type, order);
            source = permute(source, order);
            assignee = permute(assignee, order);
            tagSet = permute(tagSet, order);
            positions.clear();
            for (int i = 0; i < size; i++) {
                positions.put(ids[i], i);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int size() {
        return size;
    }

    public Result query(WorkQuery q) {
        lock.readLock().lock();
        try {
            boolean[] siteOk = new boolean[sites.size()];
            for (int s = 0; s < siteOk.length; s++) {
                siteOk[s] = q.visibleSites().test(sites.name(s)) && (q.site() == null || q.site().equals(sites.name(s)));
            }
            int tagId = q.tag() == null ? Integer.MIN_VALUE : tags.find(q.tag());
            boolean[] tagOk = null;
            if (q.tag() != null) {
                tagOk = new boolean[tagSets.size()];
                for (int t = 0; t < tagOk.length; t++) {
                    tagOk[t] = TagDictionary.has(tagSets.get(t), tagId);
                }
            }
            int wantKind = q.kind() == null ? -1 : q.kind().ordinal();
            int wantScene = code(q.scene());
            int wantType = code(q.type());
            int wantSource = code(q.camera() != null ? q.camera() : q.checkpoint());
            int wantAssignee = code(q.assignee());
            if (wantScene == -2 || wantType == -2 || wantSource == -2 || wantAssignee == -2) {
                return new Result(0, List.of(), new EnumMap<>(WorkState.class)); // a name never seen matches nothing
            }
            boolean[] stateOk = new boolean[WorkState.values().length];
            for (WorkState s : WorkState.values()) {
                stateOk[s.ordinal()] = q.states().isEmpty() || q.states().contains(s);
            }
            long[] byState = new long[stateOk.length];
            long total = 0;
            List<String> page = new ArrayList<>(Math.min(q.limit(), 1024));
            // read only the columns a filter needs: the default queue touches one byte per item
            boolean bySite = false;
            for (boolean ok : siteOk) {
                bySite |= !ok;
            }
            boolean byTime = q.from() != Long.MIN_VALUE || q.to() != Long.MAX_VALUE;
            boolean byOther = wantKind >= 0 || wantScene >= 0 || wantType >= 0 || wantSource >= 0 || wantAssignee >= 0 || tagOk != null;
            for (int i = size - 1; i >= 0; i--) {
                if ((bySite && !siteOk[site[i]]) || (byTime && (created[i] < q.from() || created[i] >= q.to()))) {
                    continue;
                }
                if (byOther && ((wantKind >= 0 && kind[i] != wantKind) || (wantScene >= 0 && scene[i] != wantScene)
                        || (wantType >= 0 && type[i] != wantType) || (wantSource >= 0 && source[i] != wantSource)
                        || (wantAssignee >= 0 && assignee[i] != wantAssignee) || (tagOk != null && !tagOk[tagSet[i]]))) {
                    continue;
                }
                byState[state[i]]++;
                if (!stateOk[state[i]]) {
                    continue;
                }
                if (total >= q.offset() && page.size() < q.limit()) {
                    page.add(ids[i]);
                }
                total++;
            }
            Map<WorkState, Long> counts = new EnumMap<>(WorkState.class);
            for (WorkState s : WorkState.values()) {
                counts.put(s, byState[s.ordinal()]);
            }
            return new Result(total, page, counts);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Open items of a kind per source (camera or checkpoint): one pass. */
    public Map<String, Long> openBySource(WorkKind k) {
        lock.readLock().lock();
        try {
            Map<String, Long> out = new HashMap<>();
            for (int i = 0; i < size; i++) {
                if (kind[i] == k.ordinal() && WorkState.values()[state[i]].open() && source[i] >= 0) {
                    out.merge(names.name(source[i]), 1L, Long::sum);
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** -1: no filter; -2: a name never seen (matches nothing); else its code. */
    private int code(String name) {
        if (name == null) {
            return -1;
        }
        int c = names.find(name);
        return c < 0 ? -2 : c;
    }

    private int tagSet(List<String> itemTags) {
        int[] expanded = tags.expand(itemTags);
        String key = Arrays.toString(expanded);
        Integer id = tagSetIds.get(key);
        if (id == null) {
            id = tagSets.size();
            tagSets.add(expanded);
            tagSetIds.put(key, id);
        }
        return id;
    }

    private void grow() {
        if (size < ids.length) {
            return;
        }
        int n = ids.length * 2;
        ids = Arrays.copyOf(ids, n);
        created = Arrays.copyOf(created, n);
        kind = Arrays.copyOf(kind, n);
        state = Arrays.copyOf(state, n);
        site = Arrays.copyOf(site, n);
        scene = Arrays.copyOf(scene, n);
        type = Arrays.copyOf(type, n);
        source = Arrays.copyOf(source, n);
        assignee = Arrays.copyOf(assignee, n);
        tagSet = Arrays.copyOf(tagSet, n);
    }

    private String[] permute(String[] a, Integer[] order) {
        String[] out = new String[a.length];
        for (int i = 0; i < size; i++) {
            out[i] = a[order[i]];
        }
        return out;
    }

    private long[] permute(long[] a, Integer[] order) {
        long[] out = new long[a.length];
        for (int i = 0; i < size; i++) {
            out[i] = a[order[i]];
        }
        return out;
    }

    private byte[] permute(byte[] a, Integer[] order) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < size; i++) {
            out[i] = a[order[i]];
        }
        return out;
    }

    private int[] permute(int[] a, Integer[] order) {
        int[] out = new int[a.length];
        for (int i = 0; i < size; i++) {
            out[i] = a[order[i]];
        }
        return out;
    }
}
