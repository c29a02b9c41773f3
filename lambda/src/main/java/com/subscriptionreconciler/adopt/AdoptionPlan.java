package com.subscriptionreconciler.adopt;

import java.util.List;

/**
 * What adopting an application's billing tables takes: the statements that add what is missing, in order, and
 * what stands in the way (a table or key column absent, a mapping that names something absent). Only additions:
 * a statement never drops, renames, retypes or rewrites anything.
 *
 * @param statements DDL to run, in order (empty when the tables already have everything)
 * @param blockers reasons adoption cannot go ahead, each with what to do about it
 */
public record AdoptionPlan(List<Ddl> statements, List<String> blockers) {
  public AdoptionPlan {
    statements = List.copyOf(statements);
    blockers = List.copyOf(blockers);
  }

  public boolean nothingToAdd() {
    return statements.isEmpty();
  }

  /**
   * One ALTER TABLE, with the lock-free algorithm first and, where a server may refuse it for this table
   * (MySQL refuses INSTANT on a compressed table, for one), the statements to fall back to, in order.
   */
  public record Ddl(String sql, List<String> fallbacks, String explanation) {
    public Ddl {
      fallbacks = List.copyOf(fallbacks);
    }
  }
}
