package com.subscriptionreconciler.failure;

/**
 * A failure that knows its cause in the operator's terms and the fix for it. The CLI prints {@code error: <detail>}
 * then {@code fix: <fix>}; {@code doctor} shows the same two as a failed check, so the same cause gets the same
 * words and the same fix wherever it is met.
 */
public interface ActionableFailure {
  /** What failed and why, naming where (host:port, URL) and never a credential. */
  String detail();

  /** What to check or change. */
  String fix();

  /** The first actionable failure in {@code failure}'s cause chain, if any. */
  static java.util.Optional<ActionableFailure> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ActionableFailure actionable) {
        return java.util.Optional.of(actionable);
      }
    }
    return java.util.Optional.empty();
  }
}
