package com.subscriptionreconciler.adopt;

/** Who owns the billing tables of a database, as far as {@code migrate} is concerned. */
public enum DatabaseState {
  /** Neither the billing tables nor a migration history: {@code migrate} creates the product's schema. */
  EMPTY,
  /** The product's migration history exists: created by {@code migrate}, or adopted before. */
  MANAGED,
  /** Billing tables exist without the product's history: the application's own, to adopt, never to overwrite. */
  APPLICATION_TABLES
}
