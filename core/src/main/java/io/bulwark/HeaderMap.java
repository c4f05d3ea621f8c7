package io.bulwark;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The headers of a {@link Decision}: immutable, in insertion order, backed by one array.
 *
 * <p>Why not a {@code LinkedHashMap} behind {@code unmodifiableMap}: a decision carries a handful
 * of headers and is made per request, so the map's own nodes and table were most of a decision's
 * allocation, and each {@code Decision} constructor copied them again to be sure nobody else held
 * the map. Only this package makes a {@code HeaderMap}, never mutates one, and never hands out its
 * array, so the constructors take one as it is.
 */
final class HeaderMap extends AbstractMap<String, String> {

    /** Names at even indexes, their values at the odd index after; no name twice. */
    private final String[] entries;
    private final int size;

    private HeaderMap(String[] entries, int size) {
        this.entries = entries;
        this.size = size;
    }

    /**
     * An immutable copy of any map, in its iteration order.
     *
     * @param headers the map; no null names or values
     * @return the copy (the same object when it already is a {@code HeaderMap})
     */
    static HeaderMap copyOf(Map<String, String> headers) {
        if (headers instanceof HeaderMap map) {
            return map;
        }
        Builder builder = new Builder(headers.size());
        headers.forEach(builder::putIfAbsent);
        return builder.build();
    }

    /** Collects headers; {@link #putIfAbsent} keeps the first value of a name. */
    static final class Builder {
        private String[] entries;
        private int size;

        Builder(int expected) {
            this.entries = new String[Math.max(1, expected) * 2];
        }

        /** Adds a header unless one of that exact name is already there. */
        Builder putIfAbsent(String name, String value) {
            if (name == null || value == null) {
                throw new NullPointerException("a header name or value is null");
            }
            for (int i = 0; i < size * 2; i += 2) {
                if (entries[i].equals(name)) {
                    return this;
                }
            }
            if (size * 2 == entries.length) {
                entries = java.util.Arrays.copyOf(entries, entries.length * 2);
            }
            entries[size * 2] = name;
            entries[size * 2 + 1] = value;
            size++;
            return this;
        }

        /** Adds every header of a map that is not already there, in the map's order. */
        Builder putAllAbsent(Map<String, String> headers) {
            if (headers instanceof HeaderMap map) {
                for (int i = 0; i < map.size * 2; i += 2) {
                    putIfAbsent(map.entries[i], map.entries[i + 1]);
                }
            } else {
                headers.forEach(this::putIfAbsent);
            }
            return this;
        }

        HeaderMap build() {
            // The array is handed over, never written again: the builder is used once.
            HeaderMap map = new HeaderMap(entries, size);
            entries = new String[0];
            size = 0;
            return map;
        }
    }

    /**
     * Two headers, then this map's headers but those of the same names: as a builder would put them
     * if absent, in one copy of the array.
     */
    HeaderMap after(String name1, String value1, String name2, String value2) {
        return after(name1, value1, name2, value2, false);
    }

    /**
     * {@link #after(String, String, String, String)}, for a caller that has made sure, once, that the
     * two names differ and that this map holds neither: no search on each call then.
     */
    HeaderMap after(String name1, String value1, String name2, String value2, boolean namesKnownAbsent) {
        if (!namesKnownAbsent && (name1.equals(name2) || containsKey(name1) || containsKey(name2))) {
            return new Builder(2 + size).putIfAbsent(name1, value1).putIfAbsent(name2, value2).putAllAbsent(this)
                    .build();
        }
        if (value1 == null || value2 == null) {
            throw new NullPointerException("a header value is null");
        }
        String[] all = new String[4 + size * 2];
        all[0] = name1;
        all[1] = value1;
        all[2] = name2;
        all[3] = value2;
        System.arraycopy(entries, 0, all, 4, size * 2);
        return new HeaderMap(all, 2 + size);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public @Nullable String get(@Nullable Object key) {
        int i = indexOf(key);
        return i < 0 ? null : entries[i + 1];
    }

    private int indexOf(@Nullable Object key) {
        if (key == null) {
            return -1;
        }
        for (int i = 0; i < size * 2; i += 2) {
            if (entries[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < size * 2; i += 2) {
            action.accept(entries[i], entries[i + 1]);
        }
    }

    // Every mutator refuses, even when it would change nothing, as Map.of's maps do.

    @Override
    public String put(String key, String value) {
        throw refused();
    }

    @Override
    public String remove(@Nullable Object key) {
        throw refused();
    }

    @Override
    public void putAll(Map<? extends String, ? extends String> m) {
        throw refused();
    }

    @Override
    public void clear() {
        throw refused();
    }

    @Override
    public String putIfAbsent(String key, String value) {
        throw refused();
    }

    @Override
    public boolean remove(@Nullable Object key, @Nullable Object value) {
        throw refused();
    }

    @Override
    public boolean replace(String key, String oldValue, String newValue) {
        throw refused();
    }

    @Override
    public String replace(String key, String value) {
        throw refused();
    }

    @Override
    public void replaceAll(java.util.function.BiFunction<? super String, ? super String, ? extends String> function) {
        throw refused();
    }

    @Override
    public String computeIfAbsent(String key, java.util.function.Function<? super String, ? extends String> f) {
        throw refused();
    }

    @Override
    public String computeIfPresent(String key,
            java.util.function.BiFunction<? super String, ? super String, ? extends String> f) {
        throw refused();
    }

    @Override
    public String compute(String key,
            java.util.function.BiFunction<? super String, ? super @Nullable String, ? extends String> f) {
        throw refused();
    }

    @Override
    public String merge(String key, String value,
            java.util.function.BiFunction<? super String, ? super String, ? extends String> f) {
        throw refused();
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("a decision's headers are immutable");
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size * 2;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= size * 2) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, String> entry = Map.entry(entries[next], entries[next + 1]);
                        next += 2;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public void clear() {
                throw refused();
            }

            @Override
            public boolean removeIf(java.util.function.Predicate<? super Entry<String, String>> filter) {
                throw refused();
            }

            @Override
            public boolean removeAll(java.util.Collection<?> c) {
                throw refused();
            }

            @Override
            public boolean retainAll(java.util.Collection<?> c) {
                throw refused();
            }
        };
    }
}
