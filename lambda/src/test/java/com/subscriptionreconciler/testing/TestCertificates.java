package com.subscriptionreconciler.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate it signed, made with the JDK's own {@code keytool}
 * (no extra dependency, works wherever the tests run), written as the PEM files a MySQL/MariaDB server and the
 * reconciler's {@code DB_SSL_CA} read.
 *
 * @param caPem         the CA certificate (what {@code DB_SSL_CA} points at)
 * @param serverCertPem the server certificate, for the address {@code 127.0.0.1} only (not {@code localhost})
 * @param serverKeyPem  the server's private key (PKCS#8 PEM)
 */
public record TestCertificates(Path caPem, Path serverCertPem, Path serverKeyPem) {
  private static final String PASSWORD = "changeit";

  /** A new CA named {@code name} in {@code dir}, and a server certificate for 127.0.0.1 signed by it. */
  public static TestCertificates generate(Path dir, String name) {
    try {
      Path ca = dir.resolve(name + "-ca.p12");
      Path server = dir.resolve(name + "-server.p12");
      keytool(null, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
          "-dname", "CN=" + name + " test CA", "-ext", "bc:c", "-keystore", ca.toString(),
          "-storetype", "PKCS12", "-storepass", PASSWORD);
      keytool(null, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
          "-dname", "CN=localhost", "-keystore", server.toString(), "-storetype", "PKCS12",
          "-storepass", PASSWORD);
      byte[] request = keytool(null, "-certreq", "-alias", "server", "-keystore", server.toString(),
          "-storepass", PASSWORD);
      byte[] signed = keytool(request, "-gencert", "-alias", "ca", "-keystore", ca.toString(),
          "-storepass", PASSWORD, "-validity", "2", "-rfc", "-ext", "san=ip:127.0.0.1");

      Path caPem = dir.resolve(name + "-ca.pem");
      Path certPem = dir.resolve(name + "-server-cert.pem");
      Path keyPem = dir.resolve(name + "-server-key.pem");
      KeyStore caStore = load(ca);
      Files.writeString(caPem, pem("CERTIFICATE", caStore.getCertificate("ca").getEncoded()));
      Files.write(certPem, signed);
      Key key = load(server).getKey("server", PASSWORD.toCharArray());
      Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
      return new TestCertificates(caPem, certPem, keyPem);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate test certificates: " + e.getMessage(), e);
    }
  }

  /** The {@code mariadbd} arguments that serve TLS with this certificate. */
  public List<String> serverArguments() {
    return List.of("--ssl", "--ssl-cert=" + serverCertPem, "--ssl-key=" + serverKeyPem, "--ssl-ca=" + caPem);
  }

  private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] keytool(byte[] stdin, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (stdin != null) {
      process.getOutputStream().write(stdin);
    }
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IOException("keytool " + arguments[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for keytool", e);
    }
    return out;
  }

  /** For assertions: the CA's certificate. */
  public Certificate caCertificate() throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(caPem)) {
      return java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
