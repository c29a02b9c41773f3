package com.subscriptionreconciler.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's flavour and version ({@code SELECT VERSION()}): {@code 8.4.3} is MySQL, {@code 11.4.2-MariaDB} is
 * MariaDB. Decides which online DDL the server offers.
 */
public record ServerVersion(String flavour, int major, int minor, int patch, String raw) {
  public static final String MYSQL = "MySQL";
  public static final String MARIADB = "MariaDB";
  private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

  public static ServerVersion parse(String version) {
    Matcher m = NUMBERS.matcher(version);
    String flavour = version.toLowerCase(java.util.Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    if (!m.find()) {
      return new ServerVersion(flavour, 0, 0, 0, version);
    }
    return new ServerVersion(flavour, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)), version);
  }

  public static ServerVersion of(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT VERSION()")) {
      rs.next();
      return parse(rs.getString(1));
    }
  }

  public boolean isMariaDb() {
    return MARIADB.equals(flavour);
  }

  public boolean atLeast(int major, int minor, int patch) {
    return compare(this.major, major) > 0
        || (this.major == major && (compare(this.minor, minor) > 0 || (this.minor == minor && this.patch >= patch)));
  }

  /**
   * Whether {@code ADD COLUMN … ALGORITHM=INSTANT} exists: MySQL 8.0.12 (columns added last, which is all adoption
   * does) and MariaDB 10.3.2. Older servers get {@code ALGORITHM=INPLACE, LOCK=NONE}.
   */
  public boolean instantAddColumn() {
    return isMariaDb() ? atLeast(10, 3, 2) : atLeast(8, 0, 12);
  }

  /** Whether a column can be {@code INVISIBLE} (left out of {@code SELECT *}): MySQL 8.0.23, MariaDB 10.3.3. */
  public boolean invisibleColumns() {
    return isMariaDb() ? atLeast(10, 3, 3) : atLeast(8, 0, 23);
  }

  /** Versions the product is tested on or documented for: MySQL 8.0+, MariaDB 10.6+. */
  public boolean supported() {
    return isMariaDb() ? atLeast(10, 6, 0) : atLeast(8, 0, 0);
  }

  private static int compare(int a, int b) {
    return Integer.compare(a, b);
  }

  @Override
  public String toString() {
    return flavour + " " + major + "." + minor + "." + patch;
  }
}
