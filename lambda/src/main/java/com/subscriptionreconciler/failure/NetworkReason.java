package com.subscriptionreconciler.failure;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * Why a connection failed, in a few plain words: the deepest cause of a driver's or client's wrapped exceptions
 * ("Communications link failure … The driver has not received any packets", "IOException during API request …")
 * is the only part that says what happened.
 */
public final class NetworkReason {
  private NetworkReason() {}

  public static String of(Throwable failure) {
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      root = t;
      if (t instanceof UnknownHostException) {
        return "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
      }
      if (t instanceof ConnectException) {
        boolean timedOut = t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("timed out");
        return timedOut ? "no answer in time (timed out)" : "connection refused";
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
        return "no answer in time (timed out)";
      }
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    String oneLine = message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    return oneLine.toLowerCase(Locale.ROOT).equals("connection refused") ? "connection refused" : oneLine;
  }
}
