package com.subscriptionreconciler.run.derive;

import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.store.BillingReads;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A full run derives every linked organization, to catch organizations whose stored tier or status went stale.
 * Doing that after the run's writes cost about 10 s at a million subscriptions, all of it after the last Stripe
 * request. This screens them instead while the listing waits for Stripe, a page at a time, from the database
 * as it is: an organization whose derivation from its current rows changes nothing, and none of whose rows the
 * run goes on to change, is in sync. Afterwards only the ones flagged here and the ones the run touched are
 * derived again, from fresh reads (the run's writes may have changed them) and written.
 *
 * <p>Screening writes nothing, so it is safe at any point of a run; the final derivation is what writes, as before.
 */
public final class OrganizationPrescreen {
  private final BillingReads reads;
  private final OrganizationDerivation derivation;
  private final Set<Long> flagged = new HashSet<>();
  private long afterId;
  private long screened;
  private boolean complete;

  /** @param derivation derives a page as it is, with the Stripe customers known deleted so far */
  public OrganizationPrescreen(BillingReads reads, OrganizationDerivation derivation) {
    this.reads = reads;
    this.derivation = derivation;
  }

  /** Screens the next page of linked organizations; false once all are screened. */
  public boolean step() throws SQLException {
    if (complete) {
      return false;
    }
    List<OrganizationRow> page = reads.linkedOrganizationsAfter(afterId, OrganizationDerivation.ORGANIZATION_PAGE);
    if (!page.isEmpty()) {
      derivation.asTheyAre(page).changes().stream().map(EntityChange::entityId).forEach(flagged::add);
      screened += page.size();
      afterId = page.get(page.size() - 1).id();
    }
    complete = page.size() < OrganizationDerivation.ORGANIZATION_PAGE;
    return !complete;
  }

  /** Screens whatever the listing's idle time left. */
  void finish() throws SQLException {
    while (step()) {
      // pages the listing had no idle time for
    }
  }

  /** Organizations whose derivation from the rows as screened would change them. */
  Set<Long> flagged() {
    return Set.copyOf(flagged);
  }

  /** Whether this organization was screened (so it counts as checked already). */
  boolean screened(OrganizationRow org) {
    return org.stripeCustomerId() != null && org.id() <= afterId;
  }

  long screenedCount() {
    return screened;
  }
}
