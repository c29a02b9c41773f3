package com.subscriptionreconciler.doctor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code SHOW GRANTS} gives the current user on one database, read from its lines ({@link GrantLine}): grants
 * on {@code *.*}, on the database (its name or a pattern matching it), and on tables. Column-level privileges do not
 * count as table privileges; PROXY, routine grants and {@code SET DEFAULT ROLE} lines give nothing here; MySQL's
 * partial revokes ({@code REVOKE … ON db.* FROM …}) take a privilege away on that database. Roles are expanded by
 * the caller, which reads each role's own lines ({@link #roles}).
 */
record Grants(Set<String> onDatabase, Map<String, Set<String>> onTables, List<GrantLine.Role> roles) {
  static final List<String> FOR_RUNS = List.of("SELECT", "INSERT", "UPDATE");
  static final List<String> FOR_MIGRATE = List.of("CREATE", "ALTER", "INDEX", "REFERENCES");
  private static final Set<String> ALL = Set.of("ALL", "ALL PRIVILEGES");

  static Grants parse(List<String> lines, String database) {
    Set<String> onDatabase = new HashSet<>();
    Set<String> revoked = new HashSet<>();
    Map<String, Set<String>> onTables = new HashMap<>();
    List<GrantLine.Role> roles = new ArrayList<>();
    for (String line : lines) {
      GrantLine parsed = GrantLine.parse(line);
      if (parsed instanceof GrantLine.Roles r) {
        roles.addAll(r.roles());
      } else if (parsed instanceof GrantLine.Privileges p
          && (p.database().equals("*") || matches(p.database(), database))) {
        Set<String> privileges = expand(p.privileges());
        if (p.revoked()) {
          revoked.addAll(privileges);
        } else if (p.table().equals("*")) {
          onDatabase.addAll(privileges);
        } else {
          onTables.computeIfAbsent(p.table().toLowerCase(Locale.ROOT), k -> new HashSet<>()).addAll(privileges);
        }
      }
      // PROXY, routine grants and other lines give nothing the product needs
    }
    onDatabase.removeAll(revoked);
    return new Grants(onDatabase, onTables, roles);
  }

  /** These grants together with a role's. */
  Grants with(Grants role) {
    Set<String> database = new HashSet<>(onDatabase);
    database.addAll(role.onDatabase);
    Map<String, Set<String>> tables = new HashMap<>();
    onTables.forEach((t, p) -> tables.computeIfAbsent(t, k -> new HashSet<>()).addAll(p));
    role.onTables.forEach((t, p) -> tables.computeIfAbsent(t, k -> new HashSet<>()).addAll(p));
    List<GrantLine.Role> all = new ArrayList<>(roles);
    role.roles.stream().filter(r -> !all.contains(r)).forEach(all::add);
    return new Grants(database, tables, all);
  }

  private static Set<String> expand(Set<String> privileges) {
    Set<String> result = new HashSet<>();
    for (String privilege : privileges) {
      if (ALL.contains(privilege)) {
        result.addAll(FOR_RUNS);
        result.addAll(FOR_MIGRATE);
      } else {
        result.add(privilege);
      }
    }
    return result;
  }

  /**
   * Whether a database name in a grant covers {@code database}: exact, or a pattern where {@code %} and {@code _}
   * are wildcards and {@code \%}, {@code \_} the characters themselves (as the server keeps {@code `app\_db`}).
   */
  static boolean matches(String pattern, String database) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (ch == '\\' && i + 1 < pattern.length()) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (ch == '%') {
        regex.append(".*");
      } else if (ch == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return database != null
        && Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE)
            .matcher(database).matches();
  }

  /** "INSERT on accounts", … for each needed privilege missing on each table. */
  List<String> missing(List<String> needed, List<String> tables) {
    List<String> missing = new ArrayList<>();
    for (String privilege : needed) {
      for (String table : tables) {
        if (!onDatabase.contains(privilege)
            && !onTables.getOrDefault(table.toLowerCase(Locale.ROOT), Set.of()).contains(privilege)) {
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
