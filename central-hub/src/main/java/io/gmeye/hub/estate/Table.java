package io.gmeye.hub.estate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Rows by id, immutable, kept in chunks of {@value #CHUNK}: a new version shares every chunk an
 * edit did not touch (and the id index when no row came or went), so publishing the estate after
 * each applied batch costs what the batch changed, not a copy of 43,000 cameras. Removing a row
 * moves the last row into its place, so the rows stay dense.
 *
 * @param <T> one row
 */
public final class Table<T> {
    static final int SHIFT = 10;
    static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    /** Up to {@value #CHUNK} rows and their ids, immutable once published, with what readers derived from them. */
    public static final class Chunk<T> {
        private final String[] ids;
        private final Object[] rows;
        private final int size;
        private volatile Object derived;

        private Chunk(String[] ids, Object[] rows, int size) {
            this.ids = ids;
            this.rows = rows;
            this.size = size;
        }

        public int size() {
            return size;
        }

        public String id(int i) {
            return ids[i];
        }

        @SuppressWarnings("unchecked")
        public T row(int i) {
            return (T) rows[i];
        }

        /**
         * What {@code derive} makes of this chunk, made once per chunk version (a chunk that did not
         * change keeps it): readers scan columns of numbers rather than walk row objects.
         */
        @SuppressWarnings("unchecked")
        public <D> D derived(Function<Chunk<T>, D> derive) {
            Object d = derived;
            if (d == null) {
                d = derive.apply(this);
                derived = d;
            }
            return (D) d;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Table<?> EMPTY = new Table(Map.of(), new Chunk[0], 0);

    private final Map<String, Integer> index;
    private final Chunk<T>[] chunks;
    private final int size;

    private Table(Map<String, Integer> index, Chunk<T>[] chunks, int size) {
        this.index = index;
        this.chunks = chunks;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <T> Table<T> empty() {
        return (Table<T>) EMPTY;
    }

    public int size() {
        return size;
    }

    public T get(String id) {
        Integer i = index.get(id);
        return i == null ? null : chunks[i >> SHIFT].row(i & MASK);
    }

    public boolean contains(String id) {
        return index.containsKey(id);
    }

    /** The chunks in row order; the last may be partly filled. */
    public int chunkCount() {
        return (size + MASK) >> SHIFT;
    }

    public Chunk<T> chunk(int c) {
        return chunks[c];
    }

    public void forEach(Consumer<T> each) {
        for (int c = 0; c < chunkCount(); c++) {
            Chunk<T> ch = chunks[c];
            for (int i = 0; i < ch.size; i++) {
                each.accept(ch.row(i));
            }
        }
    }

    Editor<T> edit() {
        return new Editor<>(this);
    }

    /** Changes to a table, made on one thread; {@link #build} gives the next version and leaves the old one as it was. */
    static final class Editor<T> {
        private final Table<T> base;
        private Map<String, Integer> index;
        private boolean ownIndex;
        private Chunk<T>[] chunks;
        private boolean[] own;
        private int size;
        private boolean changed;

        private Editor(Table<T> base) {
            this.base = base;
            this.index = base.index;
            this.chunks = base.chunks.clone();
            this.own = new boolean[chunks.length];
            this.size = base.size;
        }

        T get(String id) {
            Integer i = index.get(id);
            return i == null ? null : chunks[i >> SHIFT].row(i & MASK);
        }

        void forEach(Consumer<T> each) {
            for (int i = 0; i < size; i++) {
                each.accept(chunks[i >> SHIFT].row(i & MASK));
            }
        }

        /** Adds or replaces the row of {@code id}. */
        void put(String id, T row) {
            Integer i = index.get(id);
            if (i == null) {
                i = size;
                writableIndex().put(id, i);
                if ((i >> SHIFT) == chunks.length) {
                    grow();
                }
                size++;
            }
            Chunk<T> ch = writable(i >> SHIFT);
            ch.ids[i & MASK] = id;
            ch.rows[i & MASK] = row;
            changed = true;
        }

        /** Removes the row of {@code id}, if any: the last row takes its place. */
        boolean remove(String id) {
            Integer i = index.get(id);
            if (i == null) {
                return false;
            }
            Map<String, Integer> idx = writableIndex();
            idx.remove(id);
            int last = --size;
            Chunk<T> to = writable(i >> SHIFT);
            Chunk<T> from = writable(last >> SHIFT);
            if (i != last) {
                to.ids[i & MASK] = from.ids[last & MASK];
                to.rows[i & MASK] = from.rows[last & MASK];
                idx.put(to.ids[i & MASK], i);
            }
            from.ids[last & MASK] = null;
            from.rows[last & MASK] = null;
            changed = true;
            return true;
        }

        Table<T> build() {
            if (!changed) {
                return base;
            }
            @SuppressWarnings("unchecked")
            Chunk<T>[] out = new Chunk[(size + MASK) >> SHIFT];
            for (int c = 0; c < out.length; c++) {
                Chunk<T> ch = chunks[c];
                int n = Math.min(CHUNK, size - (c << SHIFT));
                // a chunk edited here is sealed with its row count; an untouched one is shared as it was
                out[c] = own[c] || ch.size != n ? new Chunk<>(ch.ids, ch.rows, n) : ch;
            }
            return new Table<>(index, out, size);
        }

        private Map<String, Integer> writableIndex() {
            if (!ownIndex) {
                index = new HashMap<>(index);
                ownIndex = true;
            }
            return index;
        }

        private Chunk<T> writable(int c) {
            if (!own[c]) {
                Chunk<T> ch = chunks[c];
                chunks[c] = new Chunk<>(ch.ids.clone(), ch.rows.clone(), ch.size);
                own[c] = true;
            }
            return chunks[c];
        }

        private void grow() {
            int c = chunks.length;
            chunks = Arrays.copyOf(chunks, c + 1);
            own = Arrays.copyOf(own, c + 1);
            chunks[c] = new Chunk<>(new String[CHUNK], new Object[CHUNK], 0);
            own[c] = true;
        }
    }
}
