package com.subscriptionreconciler.schema;

import java.util.Optional;

/**
 * A column the product reads or writes, by its logical name, and how adoption adds it to an application's table
 * that lacks it. Columns without a definition (the keys) cannot be added: a table without them cannot be adopted.
 */
public record ProductColumn(String name, Optional<String> definition) {
  static ProductColumn key(String name) {
    return new ProductColumn(name, Optional.empty());
  }

  static ProductColumn addable(String name, String definition) {
    return new ProductColumn(name, Optional.of(definition));
  }

  public boolean canBeAdded() {
    return definition.isPresent();
  }
}
