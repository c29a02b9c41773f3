package com.subscriptionreconciler.schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One table as the catalogue describes it: its columns (name as spelled in the catalogue → type), its indexes
 * (each the list of its column names, leading first) and, among them, its unique ones (the primary key included).
 */
public record PhysicalTable(
    String name, Map<String, ColumnType> columns, List<List<String>> indexes, List<List<String>> uniqueIndexes) {
  public PhysicalTable {
    columns = Map.copyOf(columns);
    indexes = indexes.stream().map(List::copyOf).toList();
    uniqueIndexes = uniqueIndexes.stream().map(List::copyOf).toList();
  }

  /** Whether a unique index has exactly these columns, so no two rows share their values (NULLs apart). */
  public boolean hasUniqueIndexOn(List<String> wanted) {
    return uniqueIndexes.stream().anyMatch(index -> index.size() == wanted.size() && startsWith(index, wanted));
  }

  /** The catalogue's spelling of a column (MySQL column names are case-insensitive). */
  public Optional<String> columnNamed(String name) {
    return columns.keySet().stream().filter(c -> c.equalsIgnoreCase(name)).findFirst();
  }

  public Optional<ColumnType> type(String column) {
    return columnNamed(column).map(columns::get);
  }

  /** Whether some index starts with these columns, so the product's lookup by them uses it. */
  public boolean hasIndexStartingWith(List<String> wanted) {
    for (List<String> index : indexes) {
      if (index.size() >= wanted.size() && startsWith(index, wanted)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(List<String> index, List<String> wanted) {
    for (int i = 0; i < wanted.size(); i++) {
      if (!index.get(i).toLowerCase(Locale.ROOT).equals(wanted.get(i).toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }
}
