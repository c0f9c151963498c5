package io.sockscope;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The attributes of one {@link Exchange}: an immutable map over two arrays, names and values in
 * the order the names were first added. An exchange has a dozen attributes or so, and a scan of a
 * dozen names finds one sooner than a hash table is built; building this map costs the two arrays
 * its builder filled. Unmodifiable, null-hostile and safe to share between threads once built.
 */
final class ExchangeAttributes extends AbstractMap<String, Object> {
  private final String[] names;
  private final Object[] values;
  private final int size;
  private @Nullable Set<Entry<String, Object>> entries;

  /** Takes the first {@code size} names and values; the caller never changes them afterwards. */
  private ExchangeAttributes(String[] names, Object[] values, int size) {
    this.names = names;
    this.values = values;
    this.size = size;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(@Nullable Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public @Nullable Object get(@Nullable Object name) {
    int index = indexOf(name);
    return index < 0 ? null : values[index];
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < size; i++) {
      action.accept(names[i], values[i]);
    }
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    Set<Entry<String, Object>> set = entries;
    if (set == null) {
      set = new EntrySet();
      entries = set;
    }
    return set;
  }

  private int indexOf(@Nullable Object name) {
    if (!(name instanceof String)) {
      return -1;
    }
    return indexOf(names, size, (String) name);
  }

  /** The index of {@code name} among the first {@code size} of {@code names}, or -1. */
  static int indexOf(String[] names, int size, String name) {
    int hash = name.hashCode();
    for (int i = 0; i < size; i++) {
      String candidate = names[i];
      if (candidate == name || (candidate.hashCode() == hash && candidate.equals(name))) {
        return i;
      }
    }
    return -1;
  }

  private final class EntrySet extends AbstractSet<Entry<String, Object>> {
    @Override
    public int size() {
      return size;
    }

    @Override
    public Iterator<Entry<String, Object>> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < size;
        }

        @Override
        public Entry<String, Object> next() {
          if (next >= size) {
            throw new NoSuchElementException();
          }
          Entry<String, Object> entry = new SimpleImmutableEntry<>(names[next], values[next]);
          next++;
          return entry;
        }
      };
    }
  }

  /**
   * Collects attributes for one exchange; confined to the thread that builds it. Adding a name
   * again replaces its value and keeps its place. After {@link #build}, the next {@link #put}
   * copies the arrays, so that the map built stays as it was.
   */
  static final class Builder {
    private static final int INITIAL_CAPACITY = 16;

    private String[] names = new String[INITIAL_CAPACITY];
    private Object[] values = new Object[INITIAL_CAPACITY];
    private int size;
    private boolean shared;
    /**
     * Bit {@code hashCode() & 63} of every name added: a name whose bit is clear is new, so most
     * puts need not compare it with the names before.
     */
    private long nameHashBits;

    void put(String name, Object value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (shared) {
        names = names.clone();
        values = values.clone();
        shared = false;
      }
      long hashBit = 1L << name.hashCode(); // the shift takes the low 6 bits
      int index = (nameHashBits & hashBit) == 0 ? -1 : indexOf(names, size, name);
      nameHashBits |= hashBit;
      if (index >= 0) {
        values[index] = value;
        return;
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, 2 * size);
        values = Arrays.copyOf(values, 2 * size);
      }
      names[size] = name;
      values[size] = value;
      size++;
    }

    Map<String, Object> build() {
      shared = true;
      return new ExchangeAttributes(names, values, size);
    }
  }
}
