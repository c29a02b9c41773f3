package com.subscriptionreconciler.doctor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code SHOW GRANTS} gives the current user on one database, read from its {@code GRANT … ON … TO …} lines.
 * Privileges that come through roles are not expanded (MySQL shows the role, not its privileges); doctor says so.
 */
record Grants(Set<String> onDatabase, Map<String, Set<String>> onTables) {
  static final List<String> FOR_RUNS = List.of("SELECT", "INSERT", "UPDATE");
  static final List<String> FOR_MIGRATE = List.of("CREATE", "ALTER", "INDEX", "REFERENCES");
  private static final Pattern GRANT = Pattern.compile("^GRANT (.+?) ON (\\S+) TO ", Pattern.CASE_INSENSITIVE);
  private static final Set<String> ALL = Set.of("ALL", "ALL PRIVILEGES");

  static Grants parse(List<String> lines, String database) {
    Set<String> onDatabase = new HashSet<>();
    Map<String, Set<String>> onTables = new HashMap<>();
    for (String line : lines) {
      Matcher m = GRANT.matcher(line);
      if (!m.find()) {
        continue;
      }
      Set<String> privileges = privileges(m.group(1));
      String object = m.group(2).replace("`", "").replace("\\_", "_");
      int dot = object.lastIndexOf('.');
      String db = object.substring(0, dot);
      String table = object.substring(dot + 1);
      if (!db.equals("*") && !db.equalsIgnoreCase(database)) {
        continue;
      }
      if (table.equals("*")) {
        onDatabase.addAll(privileges);
      } else {
        onTables.computeIfAbsent(table, k -> new HashSet<>()).addAll(privileges);
      }
    }
    return new Grants(onDatabase, onTables);
  }

  private static Set<String> privileges(String list) {
    Set<String> result = new HashSet<>();
    // column lists, e.g. "SELECT (id, name)", are dropped: the product needs whole-table privileges
    for (String p : list.replaceAll("\\([^)]*\\)", "").split(",")) {
      String privilege = p.trim().toUpperCase(Locale.ROOT);
      if (ALL.contains(privilege)) {
        result.addAll(FOR_RUNS);
        result.addAll(FOR_MIGRATE);
      } else {
        result.add(privilege);
      }
    }
    return result;
  }

  /** "INSERT on accounts", … for each needed privilege missing on each table. */
  List<String> missing(List<String> needed, List<String> tables) {
    List<String> missing = new ArrayList<>();
    for (String privilege : needed) {
      for (String table : tables) {
        if (!onDatabase.contains(privilege) && !onTables.getOrDefault(table, Set.of()).contains(privilege)) {
          missing.add(privilege + " on " + table);
        }
      }
    }
    return missing;
  }

  /** Database-wide privileges among {@code needed} that are missing. */
  List<String> missingOnDatabase(List<String> needed) {
    return needed.stream().filter(p -> !onDatabase.contains(p)).toList();
  }
}
