package com.subscriptionreconciler.db;

import com.subscriptionreconciler.config.DatabaseSettings;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Recognises a refused server certificate in a failed pool start and says which setting to look at: the
 * driver's own message ("PKIX path building failed", "Server identity verification failed") names neither.
 */
final class TlsFailures {
  private TlsFailures() {}

  static RuntimeException explain(RuntimeException failure, DatabaseSettings settings) {
    Throwable tls = null;
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) {
        tls = t;
        break;
      }
    }
    if (tls == null || settings.caBundle().isEmpty()) {
      return failure;
    }
    String reason = String.valueOf(tls.getMessage());
    String where = settings.caBundle().get().toString();
    if (reason.toLowerCase(Locale.ROOT).contains("identity")) {
      return new DatabaseTlsException("The database's TLS certificate does not name the host in the connection"
          + " (DB_SSL_MODE=VERIFY_IDENTITY; DB_HOST must be the name the certificate was issued for, e.g. the RDS"
          + " endpoint, not an IP address or alias): " + reason, failure);
    }
    return new DatabaseTlsException("The database's TLS certificate is not signed by a CA in DB_SSL_CA (" + where
        + "): use the CA bundle of the database's provider (for RDS, the global bundle) or the right file. "
        + reason, failure);
  }
}
