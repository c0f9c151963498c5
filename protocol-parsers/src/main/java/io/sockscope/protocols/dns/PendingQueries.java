package io.sockscope.protocols.dns;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The queries of one socket waiting for their answers, by {@link PendingQuery.Key}, oldest first.
 * Bounded: beyond {@link DnsLimits#MAX_PENDING_QUERIES} the oldest is evicted, and a query older
 * than {@link DnsLimits#QUERY_TIMEOUT_NANOS} expires; both are returned for the session to count.
 * Confined to the session's thread.
 *
 * <p>A query whose key is already waiting (a client resending a query it got no answer to) keeps
 * the first one, so the exchange's latency is what the client waited.
 */
final class PendingQueries {

  private final LinkedHashMap<PendingQuery.Key, PendingQuery> waiting = new LinkedHashMap<>();

  /** Adds a query; returns the oldest query, evicted to make room, or null. */
  @Nullable PendingQuery add(PendingQuery query) {
    if (waiting.containsKey(query.key())) {
      return null;
    }
    PendingQuery evicted = null;
    if (waiting.size() >= DnsLimits.MAX_PENDING_QUERIES) {
      Iterator<PendingQuery> oldest = waiting.values().iterator();
      evicted = oldest.next();
      oldest.remove();
    }
    waiting.put(query.key(), query);
    return evicted;
  }

  /** Removes and returns the query {@code key} names, or null when none waits. */
  @Nullable PendingQuery answer(PendingQuery.Key key) {
    return waiting.remove(key);
  }

  /** Removes and returns the queries that have waited too long at {@code nowNanos}. */
  List<PendingQuery> expire(long nowNanos) {
    List<PendingQuery> expired = List.of(); // called for every message: none expired costs nothing
    for (Iterator<PendingQuery> it = waiting.values().iterator(); it.hasNext(); ) {
      PendingQuery query = it.next();
      if (nowNanos - query.startNanos() <= DnsLimits.QUERY_TIMEOUT_NANOS) {
        break;
      }
      it.remove();
      if (expired.isEmpty()) {
        expired = new ArrayList<>();
      }
      expired.add(query);
    }
    return expired;
  }

  /** Removes and returns every waiting query. */
  List<PendingQuery> clear() {
    List<PendingQuery> all = new ArrayList<>(waiting.values());
    waiting.clear();
    return all;
  }
}
