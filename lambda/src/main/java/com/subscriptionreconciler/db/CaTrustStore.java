package com.subscriptionreconciler.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Turns a PEM bundle of CA certificates ({@code DB_SSL_CA}, e.g. the RDS global bundle) into what
 * mysql-connector-j reads: a PKCS12 trust store file plus the properties that point the driver at it. Only those
 * CAs are trusted ({@code fallbackToSystemTrustStore=false}), so a certificate from any other CA is refused.
 * The file is written once per pool to a private temporary file; it holds only public certificates.
 */
final class CaTrustStore {
  private CaTrustStore() {}

  static Properties driverProperties(Path pemBundle) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pemBundle)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new DatabaseTlsException("DB_SSL_CA names a file that cannot be read: " + pemBundle, e);
    } catch (GeneralSecurityException e) {
      throw new DatabaseTlsException("DB_SSL_CA (" + pemBundle + ") is not a PEM bundle of X.509 certificates: "
          + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new DatabaseTlsException("DB_SSL_CA (" + pemBundle + ") holds no certificate");
    }
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    Path file;
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      file = Files.createTempFile("db-ca-", ".p12");
      file.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password.toCharArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the database trust store", e);
    } catch (GeneralSecurityException e) {
      throw new DatabaseTlsException("cannot build a trust store from DB_SSL_CA (" + pemBundle + "): "
          + e.getMessage(), e);
    }
    Properties properties = new Properties();
    properties.setProperty("trustCertificateKeyStoreUrl", file.toUri().toString());
    properties.setProperty("trustCertificateKeyStoreType", "PKCS12");
    properties.setProperty("trustCertificateKeyStorePassword", password);
    properties.setProperty("fallbackToSystemTrustStore", "false");
    return properties;
  }
}
