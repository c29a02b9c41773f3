package com.subscriptionreconciler.oracle;

import com.subscriptionreconciler.config.ReconcileRules;
import com.subscriptionreconciler.oracle.ReferenceModel.InsertOutcome;
import com.subscriptionreconciler.oracle.ReferenceModel.OrganizationOutcome;
import com.subscriptionreconciler.oracle.ReferenceModel.Outcome;
import com.subscriptionreconciler.oracle.ReferenceModel.RowFate;
import com.subscriptionreconciler.oracle.ReferenceModel.RowOutcome;
import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.plan.OrganizationPlanner;
import com.subscriptionreconciler.plan.OrganizationRow;
import com.subscriptionreconciler.plan.Plan;
import com.subscriptionreconciler.plan.StripeCustomer;
import com.subscriptionreconciler.plan.SubscriptionBatch;
import com.subscriptionreconciler.plan.SubscriptionPlanner;
import com.subscriptionreconciler.plan.SubscriptionRow;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs the product's planners over a batch and reads their plans as a {@link Outcome}: the database as it would
 * read after applying them, in the same typed values as the {@link ReferenceModel}. The decoding of the plan's
 * canonical text is written here, from the column types, not borrowed from the product.
 */
public final class PlannedOutcome {
  private PlannedOutcome() {}

  /** The subscription plan and the organization plan of one full run over this batch. */
  public record Plans(Plan subscriptions, Plan organizations) {
    public Plan merged() {
      return Plan.mergeAll(List.of(subscriptions, organizations));
    }
  }

  public static Plans plan(SubscriptionBatch batch, ReconcileRules rules, Instant now) {
    Plan subscriptions = new SubscriptionPlanner(rules, now).plan(batch);
    Set<String> deleted = batch.customers().stream().filter(StripeCustomer::deleted).map(StripeCustomer::id)
        .collect(Collectors.toSet());
    Map<Long, List<SubscriptionRow>> rowsByOrganization =
        batch.rows().stream().collect(Collectors.groupingBy(SubscriptionRow::organizationId));
    List<OrganizationRow> touched = batch.organizations().stream()
        .filter(o -> subscriptions.touchedOrganizationIds().contains(o.id())).toList();
    Plan organizations = new OrganizationPlanner(rules, now)
        .plan(touched, rowsByOrganization, subscriptions.changes(), deleted);
    return new Plans(subscriptions, organizations);
  }

  public static Outcome outcome(SubscriptionBatch batch, Plans plans) {
    Map<Long, EntityChange> byRow = new HashMap<>();
    Map<String, InsertOutcome> inserts = new TreeMap<>();
    for (EntityChange c : plans.subscriptions().changes()) {
      if (c.entity() != Entity.SUBSCRIPTION) {
        throw new AssertionError("the subscription planner planned " + c);
      }
      if (c.action() == Action.INSERT) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("cancel_at_period_end", false);
        apply(values, c.changes());
        if (inserts.put(c.stripeId(), new InsertOutcome(c.organizationId(), values)) != null) {
          throw new AssertionError("two inserts of " + c.stripeId());
        }
      } else if (byRow.put(c.entityId(), c) != null) {
        throw new AssertionError("two changes of row " + c.entityId());
      }
    }
    Map<Long, RowOutcome> rows = new TreeMap<>();
    for (SubscriptionRow row : batch.rows()) {
      Map<String, Object> values = new LinkedHashMap<>(ReferenceModel.valuesOf(row));
      EntityChange c = byRow.get(row.id());
      if (c == null) {
        rows.put(row.id(), new RowOutcome(RowFate.UNTOUCHED, values));
      } else {
        apply(values, c.changes());
        rows.put(row.id(), new RowOutcome(c.action() == Action.ARCHIVE ? RowFate.ARCHIVED : RowFate.UPDATED, values));
      }
    }
    Map<Long, OrganizationOutcome> organizations = new TreeMap<>();
    for (OrganizationRow org : batch.organizations()) {
      String tier = org.planTier();
      String status = org.subscriptionStatus();
      for (EntityChange c : plans.organizations().changes()) {
        if (c.entityId() == org.id()) {
          for (FieldChange f : c.changes()) {
            if (f.field().column().equals("plan_tier")) {
              tier = f.to();
            } else {
              status = f.to();
            }
          }
        }
      }
      organizations.put(org.id(), new OrganizationOutcome(tier, status));
    }
    Set<String> unlinked = new TreeSet<>();
    plans.subscriptions().unlinked().forEach(u -> unlinked.add(u.subscriptionId()));
    return new Outcome(rows, inserts, unlinked, organizations);
  }

  private static void apply(Map<String, Object> values, List<FieldChange> changes) {
    for (FieldChange f : changes) {
      values.put(f.field().column(), decode(f.field().column(), f.to()));
    }
  }

  private static Object decode(String column, String text) {
    if (text == null) {
      return column.equals("metadata") ? Map.of() : null;
    }
    return switch (column) {
      case "quantity" -> Long.parseLong(text);
      case "cancel_at_period_end" -> Boolean.parseBoolean(text);
      case "metadata" -> MetadataText.parse(text);
      case "current_period_start", "current_period_end", "cancel_at", "canceled_at", "ended_at", "trial_start",
          "trial_end", "archived_at" -> Instant.parse(text);
      default -> text;
    };
  }

  /** Both outcomes with every column present (NULL as null), so absent and NULL compare equal. */
  public static Outcome normalized(Outcome o) {
    Map<Long, RowOutcome> rows = new TreeMap<>();
    o.rows().forEach((id, r) -> rows.put(id, new RowOutcome(r.fate(), allColumns(r.values()))));
    Map<String, InsertOutcome> inserts = new TreeMap<>();
    o.inserts().forEach((id, i) -> inserts.put(id, new InsertOutcome(i.organizationId(), allColumns(i.values()))));
    return new Outcome(rows, inserts, new TreeSet<>(o.unlinked()), new TreeMap<>(o.organizations()));
  }

  private static Map<String, Object> allColumns(Map<String, Object> values) {
    Map<String, Object> all = new TreeMap<>();
    for (String column : ReferenceModel.COLUMNS) {
      Object v = values.get(column);
      all.put(column, column.equals("metadata") && v == null ? Map.of() : v);
    }
    return all;
  }
}
