package com.subscriptionreconciler.run;

import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.OrganizationRow;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The derive phase: after the run's subscription writes, each affected organization's tier and status is derived
 * from its subscriptions. In a full run those are the ones the prescreen flagged (finishing it first if the
 * listing left it undone) and the ones the run touched; otherwise the touched ones.
 */
final class OrganizationDerivation {
  private final RunParts parts;

  OrganizationDerivation(RunParts parts) {
    this.parts = parts;
  }

  /**
   * @param prescreen present only in a full run
   * @return how many distinct organizations were checked, screened ones included
   */
  long derive(Optional<OrganizationPrescreen> prescreen, Set<Long> touched, List<EntityChange> subscriptionChanges)
      throws SQLException {
    Map<Long, List<EntityChange>> planned = PlanApplication.byOrganization(subscriptionChanges);
    Set<String> deleted = parts.collector().deletedCustomers();
    Set<Long> derive = new TreeSet<>(touched);
    long checked = 0;
    if (prescreen.isPresent()) {
      prescreen.get().finish();
      derive.addAll(prescreen.get().flagged());
      checked += prescreen.get().screenedCount();
    }
    for (List<Long> chunk : ScanContext.chunks(List.copyOf(derive), PlanApplication.ORGANIZATION_PAGE)) {
      List<OrganizationRow> orgs = parts.reads().organizationsByIds(chunk);
      parts.application().deriveOrganizations(orgs, planned, deleted);
      checked += orgs.stream().filter(o -> prescreen.isEmpty() || !prescreen.get().screened(o)).count();
    }
    return checked;
  }
}
