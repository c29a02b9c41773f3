package com.subscriptionreconciler.run.collect;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import com.subscriptionreconciler.stripe.SubscriptionPage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Asks Stripe about rows it did not list: retrieves each subscription by id (several in flight, all under the
 * run's rate budget). Only {@code resource_missing} confirms an orphan; a subscription that does exist (created
 * while the run was listing, say) comes back to be reconciled like any other.
 */
public final class OrphanConfirmer {
  private final StripeAccountReader reader;
  private final ExecutorService executor;

  public OrphanConfirmer(StripeAccountReader reader, ExecutorService executor) {
    this.reader = reader;
    this.executor = executor;
  }

  public record Outcome(
      List<StripeSubscription> found, List<StripeCustomer> customers, Set<String> missing,
      Map<String, StripeException> failed) {}

  /** @throws StripeException when Stripe itself is unreachable (the run fails) */
  public Outcome confirm(List<String> subscriptionIds) throws StripeException {
    return start(subscriptionIds).outcome();
  }

  /** Sends the retrieves (they run under the rate budget on the executor) without waiting for them. */
  public Pending start(List<String> subscriptionIds) {
    Map<String, CompletableFuture<Optional<SubscriptionPage>>> pending = new LinkedHashMap<>();
    for (String id : subscriptionIds) {
      pending.put(id, CompletableFuture.supplyAsync(() -> retrieve(id), executor));
    }
    return new Pending(pending);
  }

  /** Retrieves in flight; {@link #outcome} waits for all of them. */
  public static final class Pending {
    private final Map<String, CompletableFuture<Optional<SubscriptionPage>>> pending;

    private Pending(Map<String, CompletableFuture<Optional<SubscriptionPage>>> pending) {
      this.pending = pending;
    }

    /** Whether every retrieve has its answer (or failure), so {@link #outcome()} would not wait. */
    public boolean answered() {
      return pending.values().stream().allMatch(CompletableFuture::isDone);
    }

    /** @throws StripeException when Stripe itself is unreachable (the run fails) */
    public Outcome outcome() throws StripeException {
      return collect(pending);
    }

    /** As {@link #outcome()}, doing {@code idle} work on this thread until the retrieves are all answered. */
    public Outcome outcome(IdleStep idle) throws SQLException, StripeException {
      CompletableFuture<Void> all = CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new));
      while (!all.isDone() && idle.step()) {
        // one step at a time, so the answers are picked up as soon as the work runs out or they are all in
      }
      return collect(pending);
    }
  }

  private static Outcome collect(Map<String, CompletableFuture<Optional<SubscriptionPage>>> pending)
      throws StripeException {
    List<StripeSubscription> found = new ArrayList<>();
    List<StripeCustomer> customers = new ArrayList<>();
    Set<String> missing = new HashSet<>();
    Map<String, StripeException> failed = new LinkedHashMap<>();
    StripeException fatal = null;
    for (Map.Entry<String, CompletableFuture<Optional<SubscriptionPage>>> e : pending.entrySet()) {
      try {
        Optional<SubscriptionPage> page = e.getValue().join();
        if (page.isEmpty()) {
          missing.add(e.getKey());
        } else {
          found.addAll(page.get().subscriptions());
          customers.addAll(page.get().customers());
        }
      } catch (CompletionException wrapped) {
        if (!(wrapped.getCause() instanceof StripeFailure failure)) {
          throw wrapped;
        }
        if (StripeFailures.failsTheRun(failure.stripe)) {
          fatal = failure.stripe;
        } else {
          failed.put(e.getKey(), failure.stripe);
        }
      }
    }
    if (fatal != null) {
      throw fatal;
    }
    return new Outcome(found, customers, missing, failed);
  }

  private Optional<SubscriptionPage> retrieve(String id) {
    try {
      return reader.retrieveSubscription(id);
    } catch (StripeException e) {
      throw new StripeFailure(e);
    }
  }

  /** Carries a checked StripeException through CompletableFuture. */
  private static final class StripeFailure extends RuntimeException {
    final StripeException stripe;

    StripeFailure(StripeException stripe) {
      super(stripe.getMessage(), stripe, false, false);
      this.stripe = stripe;
    }
  }
}
