package com.subscriptionreconciler.cli;

import com.subscriptionreconciler.failure.ActionableFailure;

/**
 * A stored run whose {@code trigger}, {@code mode} or {@code status} this version does not know, so {@code show}
 * cannot render it as a report: the row was written by a newer version sharing the database. Exit 1, naming the
 * value; {@code runs} still lists the run as stored.
 */
final class UnknownRunValueException extends RuntimeException implements ActionableFailure {
  UnknownRunValueException(String runId, String column, String value) {
    super("run " + runId + " was recorded with " + column + " '" + value + "', which this version does not know");
  }

  @Override
  public String detail() {
    return getMessage();
  }

  @Override
  public String fix() {
    return "show it with the (newer) version that recorded it; `runs` lists it as stored";
  }
}
