package com.subscriptionreconciler.doctor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One line of {@code SHOW GRANTS} as MySQL 8.0/8.4 and MariaDB 10.x/11.x print it, read with quotes and brackets
 * respected (a backticked name may contain {@code ON}, {@code TO}, commas or dots; a password hash comes after
 * {@code TO} and is never read). The shapes:
 *
 * <ul>
 *   <li>{@link Privileges}: {@code GRANT SELECT, INSERT (`id`) ON `db`.`table` TO …}, {@code GRANT USAGE ON *.* TO …}
 *       (and MySQL's {@code REVOKE … ON … FROM …} of partial revokes, as {@code revoked});
 *   <li>{@link Proxy}: {@code GRANT PROXY ON ''@'%' TO …} (MariaDB prints {@code ``@`%`}, MySQL {@code ``@``});
 *   <li>{@link Roles}: {@code GRANT `app_rw`@`%`, `r2`@`%` TO …} (MySQL) or {@code GRANT app_rw TO …} (MariaDB);
 *   <li>{@link Other}: anything else ({@code SET DEFAULT ROLE …}, grants on routines), ignored.
 * </ul>
 */
sealed interface GrantLine {

  /**
   * Privileges on one object. {@code database} and {@code table} are unquoted; {@code database} may be a pattern
   * ({@code *}, or with {@code %}/{@code _} wildcards and {@code \_} escapes, as the server keeps it).
   * Column-level privileges ({@code SELECT (`id`)}) are listed in {@code columnOnly}: they do not cover a table.
   */
  record Privileges(Set<String> privileges, Set<String> columnOnly, String database, String table, boolean revoked)
      implements GrantLine {}

  record Proxy() implements GrantLine {}

  /** Role names, unquoted, without the host part MySQL adds ({@code `r`@`%`} is role {@code r} at host {@code %}). */
  record Roles(List<Role> roles) implements GrantLine {}

  record Role(String name, Optional<String> host) {
    /** How {@code SHOW GRANTS FOR …} names it. */
    String quoted() {
      return GrantLine.quote(name) + host.map(h -> "@" + GrantLine.quote(h)).orElse("");
    }
  }

  record Other(String line) implements GrantLine {}

  static GrantLine parse(String line) {
    String text = line.strip();
    String upper = text.toUpperCase(Locale.ROOT);
    boolean grant = upper.startsWith("GRANT ");
    boolean revoke = upper.startsWith("REVOKE ");
    if (!grant && !revoke) {
      return new Other(text);
    }
    String body = text.substring(grant ? 6 : 7);
    List<String> words = topLevelWords(body);
    int on = indexOf(words, "ON");
    int to = indexOf(words, grant ? "TO" : "FROM");
    if (to < 0) {
      return new Other(text);
    }
    if (on < 0 || on > to) {
      return grant ? new Roles(roles(String.join(" ", words.subList(0, to)))) : new Other(text);
    }
    String what = String.join(" ", words.subList(0, on));
    List<String> object = words.subList(on + 1, to);
    if (what.equalsIgnoreCase("PROXY")) {
      return new Proxy();
    }
    if (object.size() != 1) {
      // ON FUNCTION db.f, ON PROCEDURE …, ON PACKAGE …: routines, nothing the product needs
      return object.size() == 2 && object.get(0).equalsIgnoreCase("TABLE")
          ? privileges(what, object.get(1), revoke)
          : new Other(text);
    }
    return privileges(what, object.get(0), revoke);
  }

  private static GrantLine privileges(String what, String object, boolean revoked) {
    List<String> parts = splitTopLevel(object, '.');
    String database = parts.size() == 2 ? unquote(parts.get(0)) : "*";
    String table = unquote(parts.get(parts.size() - 1));
    if (parts.size() == 1 && !table.equals("*")) {
      // "ON `t`" means a table of the default database; SHOW GRANTS never prints it, but stay defined
      database = "*";
    }
    Set<String> whole = new LinkedHashSet<>();
    Set<String> columnOnly = new LinkedHashSet<>();
    for (String item : splitTopLevel(what, ',')) {
      String privilege = item.strip();
      int paren = privilege.indexOf('(');
      if (paren >= 0) {
        columnOnly.add(normalise(privilege.substring(0, paren)));
      } else if (!privilege.isEmpty()) {
        whole.add(normalise(privilege));
      }
    }
    return new Privileges(whole, columnOnly, database, table, revoked);
  }

  private static String normalise(String privilege) {
    return privilege.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
  }

  private static List<Role> roles(String list) {
    List<Role> roles = new ArrayList<>();
    for (String item : splitTopLevel(list, ',')) {
      List<String> at = splitTopLevel(item.strip(), '@');
      roles.add(new Role(unquote(at.get(0).strip()),
          at.size() > 1 ? Optional.of(unquote(at.get(1).strip())) : Optional.empty()));
    }
    return roles;
  }

  /** Words separated by spaces outside quotes and brackets; a quoted name or a bracket stays one word. */
  private static List<String> topLevelWords(String text) {
    boolean[] nested = nested(text);
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (!nested[i] && Character.isWhitespace(ch)) {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(ch);
      }
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    return words;
  }

  private static List<String> splitTopLevel(String text, char separator) {
    boolean[] nested = nested(text);
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      if (!nested[i] && text.charAt(i) == separator) {
        parts.add(text.substring(from, i));
        from = i + 1;
      }
    }
    parts.add(text.substring(from));
    return parts;
  }

  /**
   * For each character, whether it is inside a quote ({@code `…`}, {@code '…'}, {@code "…"}, the quotes included;
   * doubled quotes and, outside backticks, backslash escapes never close one) or inside brackets.
   */
  private static boolean[] nested(String text) {
    boolean[] nested = new boolean[text.length()];
    char quote = 0;
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quote != 0) {
        nested[i] = true;
        if (ch == '\\' && quote != '`' && i + 1 < text.length()) {
          nested[++i] = true;
        } else if (ch == quote) {
          if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
            nested[++i] = true;
          } else {
            quote = 0;
          }
        }
        continue;
      }
      if (ch == '`' || ch == '\'' || ch == '"') {
        quote = ch;
        nested[i] = true;
        continue;
      }
      if (ch == '(') {
        depth++;
      }
      nested[i] = depth > 0;
      if (ch == ')') {
        depth = Math.max(0, depth - 1);
      }
    }
    return nested;
  }

  private static int indexOf(List<String> words, String keyword) {
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).equalsIgnoreCase(keyword)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code `a``b`} → {@code a`b}, {@code 'a\'b'} or {@code 'a''b'} → {@code a'b}; a bare word is kept as it is. */
  static String unquote(String word) {
    String w = word.strip();
    if (w.length() >= 2) {
      char q = w.charAt(0);
      if ((q == '`' || q == '\'' || q == '"') && w.charAt(w.length() - 1) == q) {
        String inner = w.substring(1, w.length() - 1).replace(String.valueOf(q) + q, String.valueOf(q));
        return q == '`' ? inner : inner.replace("\\" + q, String.valueOf(q));
      }
    }
    return w;
  }

  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
