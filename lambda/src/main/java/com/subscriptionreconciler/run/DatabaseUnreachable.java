package com.subscriptionreconciler.run;

import java.sql.SQLException;

/** The one wording for "the database did not answer", in reports and exceptions alike; the message is redacted. */
final class DatabaseUnreachable {
  private DatabaseUnreachable() {}

  static String message(SQLException e) {
    return "cannot reach the database: " + Redactor.redact(e.getMessage());
  }

  static IllegalStateException of(SQLException e) {
    return new IllegalStateException(message(e), e);
  }
}
