package com.subscriptionreconciler.emulator;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pagination parameters every Stripe list accepts ({@code limit}, cursors, {@code created}
 * range, {@code expand[]}), validated the way Stripe validates them.
 */
final class ListRequest {

  static final Set<String> COMMON = Set.of("limit", "starting_after", "ending_before", "created",
      "created[gte]", "created[gt]", "created[lte]", "created[lt]", "expand[]");

  final int limit;
  final String startingAfter;
  final String endingBefore;
  final long createdGte;
  final long createdLte;
  final List<String> expand;

  private ListRequest(int limit, String startingAfter, String endingBefore, long createdGte,
      long createdLte, List<String> expand) {
    this.limit = limit;
    this.startingAfter = startingAfter;
    this.endingBefore = endingBefore;
    this.createdGte = createdGte;
    this.createdLte = createdLte;
    this.expand = expand;
  }

  static ListRequest parse(QueryParams q, Set<String> endpointParams) {
    Set<String> allowed = new HashSet<>(COMMON);
    allowed.addAll(endpointParams);
    q.requireOnly(allowed);

    Long limit = q.integer("limit");
    if (limit != null && limit < 1) {
      throw ApiError.invalid("limit", "This value must be greater than or equal to 1.");
    }
    if (limit != null && limit > 100) {
      throw ApiError.invalid("limit", "This value must be less than or equal to 100.");
    }
    String startingAfter = emptyToNull(q.string("starting_after"));
    String endingBefore = emptyToNull(q.string("ending_before"));
    if (startingAfter != null && endingBefore != null) {
      throw ApiError.invalid("starting_after",
          "Received both starting_after and ending_before parameters. Please pass in only one.");
    }
    long gte = Long.MIN_VALUE;
    long lte = Long.MAX_VALUE;
    Long exact = q.integer("created");
    if (exact != null) {
      gte = exact;
      lte = exact;
    }
    Long v;
    if ((v = q.integer("created[gte]")) != null) {
      gte = Math.max(gte, v);
    }
    if ((v = q.integer("created[gt]")) != null) {
      gte = Math.max(gte, v + 1);
    }
    if ((v = q.integer("created[lte]")) != null) {
      lte = Math.min(lte, v);
    }
    if ((v = q.integer("created[lt]")) != null) {
      lte = Math.min(lte, v - 1);
    }
    return new ListRequest(limit == null ? 10 : limit.intValue(), startingAfter, endingBefore,
        gte, lte, q.list("expand[]"));
  }

  /** Resolves the cursor ids against {@code index}; an unknown cursor is a 404, as in Stripe. */
  <T extends Stored> ListWindow window(ObjectIndex<T> index, String objectName) {
    SortKey after = startingAfter == null ? null : cursor(index, objectName, startingAfter, "starting_after");
    SortKey before = endingBefore == null ? null : cursor(index, objectName, endingBefore, "ending_before");
    return new ListWindow(createdGte, createdLte, after, before, limit);
  }

  private static <T extends Stored> SortKey cursor(ObjectIndex<T> index, String objectName, String id, String param) {
    return index.get(id).map(SortKey::of).orElseThrow(() -> ApiError.missing(objectName, id, param));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
