package com.subscriptionreconciler.run.lifecycle;

import com.subscriptionreconciler.run.Redactor;
import java.sql.SQLException;

/** The one wording for "the database did not answer", in reports and exceptions alike; the message is redacted. */
public final class DatabaseUnreachable {
  private DatabaseUnreachable() {}

  static String message(SQLException e) {
    return "cannot reach the database: " + Redactor.redact(e.getMessage());
  }

  public static IllegalStateException of(SQLException e) {
    return new IllegalStateException(message(e), e);
  }
}
