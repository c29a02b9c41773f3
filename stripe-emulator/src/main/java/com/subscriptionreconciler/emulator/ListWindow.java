package com.subscriptionreconciler.emulator;

/**
 * The part of a list request that positions the page: created bounds (inclusive, already
 * normalized from gt/lt), cursor keys resolved from cursor ids, and the page size.
 */
record ListWindow(
    long createdGte, long createdLte, SortKey startingAfter, SortKey endingBefore, int limit) {}
