package com.subscriptionreconciler.run.collect.targeted;

import com.stripe.exception.StripeException;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.StripeSubscription;
import com.subscriptionreconciler.plan.SubscriptionRow;
import com.subscriptionreconciler.run.collect.AccountListing;
import com.subscriptionreconciler.run.collect.DatabaseSnapshot;
import com.subscriptionreconciler.run.collect.OrphanConfirmer;
import com.subscriptionreconciler.run.collect.ScanContext;
import com.subscriptionreconciler.run.collect.StripeFailures;
import com.subscriptionreconciler.stripe.StripeAccountReader;
import com.subscriptionreconciler.stripe.SubscriptionPage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The collection phase of a targeted run (given organizations, customers or subscriptions) and of an incremental
 * run (the objects recent events name). Costs Stripe requests in proportion to what was asked: a page per
 * customer's subscriptions, a retrieve per named subscription and per row Stripe did not list; or, when more
 * subscriptions are named than the account has pages, one listing of the account ({@link AccountListing}).
 */
public final class TargetedScan {
  private final ScanContext scan;
  private final AccountListing listing;
  /**
   * Subscriptions already planned through one of their customer's ids: a customer named both ways (its cus_… in
   * the request, its acct_… by an organization) is listed twice, and must be planned once.
   */
  private final Set<String> plannedByCustomer = new HashSet<>();

  public TargetedScan(ScanContext scan, AccountListing listing) {
    this.scan = scan;
    this.listing = listing;
  }

  /** @return the organizations whose tier and status must be derived afterwards */
  public Set<Long> run(Collection<Long> organizationIds, Collection<String> customerIds, Collection<String> subscriptionIds)
      throws SQLException, StripeException, InterruptedException {
    Set<Long> organizationsToDerive = new LinkedHashSet<>();
    Set<String> customers = new LinkedHashSet<>(customerIds);
    List<OrganizationRow> requested = scan.reads().organizationsByIds(organizationIds);
    for (OrganizationRow org : requested) {
      organizationsToDerive.add(org.id());
      if (org.stripeCustomerId() != null) {
        customers.add(org.stripeCustomerId());
      }
    }
    Set<Long> found = requested.stream().map(OrganizationRow::id).collect(Collectors.toSet());
    organizationIds.stream()
        .filter(id -> !found.contains(id))
        .forEach(id -> scan.out().note("organization " + id + " does not exist in the database"));

    customers.addAll(subscriptions(subscriptionIds, customers));
    for (String customer : customers) {
      organizationsToDerive.addAll(customer(customer));
    }
    return organizationsToDerive;
  }

  /**
   * Reads and plans named subscriptions: by listing the account when that is cheaper than a retrieve each (a
   * burst of events), then by retrieve for every named id the listing did not show (orphans, subscriptions created
   * behind the listing's cursor) or for all of them when they are few. Returns the customers whose organization
   * has id-less rows, which must be reconciled as a whole customer instead (the planner's batch contract).
   */
  private Set<String> subscriptions(Collection<String> subscriptionIds, Set<String> alreadyWholeCustomers)
      throws SQLException, StripeException, InterruptedException {
    Set<String> unread = new LinkedHashSet<>(subscriptionIds);
    Set<String> promoted = new HashSet<>();
    if (listing.cheaperThanRetrieving(unread.size(), scan.reads())) {
      listing.list(Set.copyOf(unread), (listed, customers) -> {
        List<String> ids = ScanContext.ids(listed);
        ids.forEach(unread::remove);
        promoted.addAll(plan(ids, new OrphanConfirmer.Outcome(listed, customers, Set.of(), Map.of()),
            alreadyWholeCustomers));
      });
    }
    for (List<String> chunk : ScanContext.chunks(List.copyOf(unread), ScanContext.CONFIRM_CHUNK)) {
      promoted.addAll(plan(chunk, scan.confirmer().confirm(chunk), alreadyWholeCustomers));
    }
    return promoted;
  }

  /** Plans what Stripe answered about {@code asked}; returns the customers to reconcile whole instead. */
  private Set<String> plan(List<String> asked, OrphanConfirmer.Outcome outcome, Set<String> alreadyWholeCustomers)
      throws SQLException {
    Set<String> promoted = new HashSet<>();
    outcome.failed().forEach((id, e) -> scan.out().subscriptionFailed(id, e));
    scan.out().customers(outcome.customers());
    List<SubscriptionRow> rows = scan.reads().subscriptionsByStripeIds(asked);
    DatabaseSnapshot snapshot =
        DatabaseSnapshot.read(
            scan.reads(), ScanContext.ids(outcome.found()), ScanContext.customerIds(outcome.found()), rows);
    List<StripeSubscription> planNow = new ArrayList<>();
    for (StripeSubscription s : outcome.found()) {
      String wholeCustomer = s.customerIdentities().stream().filter(alreadyWholeCustomers::contains).findFirst()
          .orElse(snapshot.idlessIdentity(s));
      if (wholeCustomer != null) {
        promoted.add(wholeCustomer);
      } else {
        planNow.add(s);
      }
    }
    Set<String> handledElsewhere =
        outcome.found().stream().filter(s -> !planNow.contains(s)).map(StripeSubscription::id).collect(Collectors.toSet());
    handledElsewhere.addAll(outcome.failed().keySet());
    List<SubscriptionRow> ownRows =
        rows.stream().filter(r -> !handledElsewhere.contains(r.stripeSubscriptionId())).toList();
    scan.out().add(scan.planner().plan(snapshot.batch(planNow, outcome.customers(), ownRows, outcome.missing())));
    return promoted;
  }

  /**
   * Every subscription of one customer, plus its organization's rows that Stripe did not list. Stripe refusing this
   * one customer (a 403 or 404 on its listing, say) is a per-item error: its rows are left as they are and the run
   * goes on; a failure of Stripe itself ({@link StripeFailures}) fails the run.
   */
  private Set<Long> customer(String customerId) throws SQLException, StripeException {
    SubscriptionPage listed;
    try {
      listed = scan.reader().listCustomerSubscriptions(customerId);
    } catch (StripeException e) {
      if (StripeFailures.failsTheRun(e)) {
        throw e;
      }
      scan.out().customerFailed(customerId, e);
      return Set.of();
    }
    scan.out().customers(listed.customers());
    if (StripeAccountReader.isCustomerAccount(customerId)) {
      // an Account has no v1 customer to retrieve: what its subscription list says is all Stripe tells us here
      if (listed.subscriptions().isEmpty()) {
        scan.out().note("customer account " + customerId + " has no subscriptions in Stripe");
      }
    } else if (listed.customers().isEmpty()) {
      Optional<StripeCustomer> customer = scan.reader().retrieveCustomer(customerId);
      if (customer.isEmpty()) {
        scan.out().note("customer " + customerId + " does not exist in Stripe");
      }
      customer.ifPresent(c -> scan.out().customers(List.of(c)));
    }
    scan.plan(listed.subscriptions().stream().filter(s -> plannedByCustomer.add(s.id())).toList(), listed.customers());

    // the organization may name the customer by its other id (cus_… or acct_…), which its subscriptions carry
    Set<String> identities = new HashSet<>(ScanContext.customerIds(listed.subscriptions()));
    identities.add(customerId);
    List<OrganizationRow> organizations = scan.reads().organizationsByCustomerIds(identities);
    Set<Long> organizationIds = organizations.stream().map(OrganizationRow::id).collect(Collectors.toSet());
    Set<String> listedIds = new HashSet<>(ScanContext.ids(listed.subscriptions()));
    List<SubscriptionRow> unlisted =
        scan.reads().subscriptionsOfOrganizations(organizationIds).stream()
            .filter(r -> !r.archived() && r.stripeSubscriptionId() != null)
            .filter(r -> !listedIds.contains(r.stripeSubscriptionId()))
            .filter(r -> plannedByCustomer.add(r.stripeSubscriptionId()))
            .toList();
    scan.confirmAndPlan(unlisted);
    return organizationIds;
  }

}
