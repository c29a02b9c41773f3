package com.subscriptionreconciler.emulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * One kind of object, held twice: by id (retrieve) and in list order (pagination). The ordered map
 * makes a page with a created range and a cursor O(log n + page) even at a million objects.
 *
 * <p>Objects that must stay retrievable but not listable (deleted customers) live only in the id
 * map. Thread-safe: concurrent maps and immutable records; writers are serialized by the account.
 */
final class ObjectIndex<T extends Stored> {

  private final Map<String, T> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<SortKey, T> ordered =
      new ConcurrentSkipListMap<>(SortKey.NEWEST_FIRST);

  void put(T object) {
    byId.put(object.id(), object);
    ordered.put(SortKey.of(object), object);
  }

  /** Keeps the object retrievable but takes it out of lists (Stripe's deleted customers). */
  void unlist(T object) {
    byId.put(object.id(), object);
    ordered.remove(SortKey.of(object));
  }

  Optional<T> remove(String id) {
    T removed = byId.remove(id);
    if (removed != null) {
      ordered.remove(SortKey.of(removed));
    }
    return Optional.ofNullable(removed);
  }

  Optional<T> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  boolean contains(String id) {
    return byId.containsKey(id);
  }

  int listedSize() {
    return ordered.size();
  }

  Collection<T> listed() {
    return Collections.unmodifiableCollection(ordered.values());
  }

  void clear() {
    byId.clear();
    ordered.clear();
  }

  /**
   * One page. The created range and the cursor narrow the ordered map to a sub-map first, so only
   * the page (plus whatever the filter skips) is visited.
   */
  Page<T> page(ListWindow window, Predicate<? super T> filter) {
    NavigableMap<SortKey, T> view = window(ordered, window);
    return collect(view, window, filter);
  }

  /** Same as {@link #page} over an explicit candidate set (e.g. one customer's subscriptions). */
  static <T extends Stored> Page<T> page(
      Collection<T> candidates, ListWindow window, Predicate<? super T> filter) {
    ConcurrentSkipListMap<SortKey, T> sorted = new ConcurrentSkipListMap<>(SortKey.NEWEST_FIRST);
    for (T t : candidates) {
      sorted.put(SortKey.of(t), t);
    }
    return collect(window(sorted, window), window, filter);
  }

  private static <T> NavigableMap<SortKey, T> window(
      NavigableMap<SortKey, T> map, ListWindow window) {
    SortKey from = SortKey.newestAt(window.createdLte());
    boolean fromInclusive = true;
    SortKey to = SortKey.oldestAt(window.createdGte());
    boolean toInclusive = true;
    if (window.startingAfter() != null
        && SortKey.NEWEST_FIRST.compare(window.startingAfter(), from) >= 0) {
      from = window.startingAfter();
      fromInclusive = false;
    }
    if (window.endingBefore() != null
        && SortKey.NEWEST_FIRST.compare(window.endingBefore(), to) <= 0) {
      to = window.endingBefore();
      toInclusive = false;
    }
    if (SortKey.NEWEST_FIRST.compare(from, to) > 0) {
      return Collections.emptyNavigableMap();
    }
    return map.subMap(from, fromInclusive, to, toInclusive);
  }

  private static <T> Page<T> collect(
      NavigableMap<SortKey, T> view, ListWindow window, Predicate<? super T> filter) {
    // Paging backwards (ending_before) takes the objects closest to the cursor, then shows them in
    // the usual newest-first order, as Stripe does.
    boolean backwards = window.endingBefore() != null;
    Iterable<T> source = backwards ? view.descendingMap().values() : view.values();
    List<T> out = new ArrayList<>(Math.min(window.limit() + 1, 101));
    for (T t : source) {
      if (filter.test(t)) {
        if (out.size() == window.limit()) {
          if (backwards) {
            Collections.reverse(out);
          }
          return new Page<>(out, true);
        }
        out.add(t);
      }
    }
    if (backwards) {
      Collections.reverse(out);
    }
    return new Page<>(out, false);
  }

  record Page<T>(List<T> data, boolean hasMore) {}
}
