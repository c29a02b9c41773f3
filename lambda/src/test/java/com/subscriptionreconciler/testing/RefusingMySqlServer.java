package com.subscriptionreconciler.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A loopback server that speaks just enough of the MySQL protocol to refuse every login the way a server refuses a
 * wrong password: the v10 handshake, then error 1045 (SQLSTATE 28000, "Access denied for user …"). It exists because
 * the tests' embedded MariaDB runs with {@code --skip-grant-tables} and so accepts any password; everything on the
 * client side (Connector/J, the pool, the product's messages) is real.
 */
public final class RefusingMySqlServer implements AutoCloseable {
  private static final int CLIENT_LONG_PASSWORD = 0x1;
  private static final int CLIENT_CONNECT_WITH_DB = 0x8;
  private static final int CLIENT_PROTOCOL_41 = 0x200;
  private static final int CLIENT_TRANSACTIONS = 0x2000;
  private static final int CLIENT_SECURE_CONNECTION = 0x8000;
  private static final int CLIENT_PLUGIN_AUTH = 0x80000;

  private final ServerSocket socket;
  private final Thread acceptor;

  private RefusingMySqlServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::serve, "refusing-mysql");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static RefusingMySqlServer start() {
    try {
      return new RefusingMySqlServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        refuse(client);
      } catch (IOException e) {
        // closed, or the client hung up: the next accept decides
      }
    }
  }

  private static void refuse(Socket client) throws IOException {
    OutputStream out = client.getOutputStream();
    InputStream in = client.getInputStream();
    writePacket(out, 0, handshake());
    byte[] header = in.readNBytes(4);
    if (header.length < 4) {
      return;
    }
    int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
    byte[] response = in.readNBytes(length);
    String user = userOf(response);
    byte[] message = ("Access denied for user '" + user + "'@'localhost' (using password: YES)")
        .getBytes(StandardCharsets.UTF_8);
    byte[] error = new byte[1 + 2 + 1 + 5 + message.length];
    error[0] = (byte) 0xff;
    error[1] = (byte) (1045 & 0xff);
    error[2] = (byte) (1045 >> 8);
    error[3] = '#';
    System.arraycopy("28000".getBytes(StandardCharsets.US_ASCII), 0, error, 4, 5);
    System.arraycopy(message, 0, error, 9, message.length);
    writePacket(out, (header[3] & 0xff) + 1, error);
  }

  /** HandshakeResponse41: capabilities (4), max packet (4), charset (1), 23 reserved, then the NUL-ended user. */
  private static String userOf(byte[] response) {
    int start = 4 + 4 + 1 + 23;
    if (response.length <= start) {
      return "";
    }
    int end = start;
    while (end < response.length && response[end] != 0) {
      end++;
    }
    return new String(response, start, end - start, StandardCharsets.UTF_8);
  }

  private static byte[] handshake() {
    int capabilities = CLIENT_LONG_PASSWORD | CLIENT_CONNECT_WITH_DB | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS
        | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH;
    byte[] version = "8.0.36\0".getBytes(StandardCharsets.US_ASCII);
    byte[] plugin = "mysql_native_password\0".getBytes(StandardCharsets.US_ASCII);
    byte[] scramble = new byte[20];
    Arrays.fill(scramble, (byte) 'a');
    byte[] p = new byte[1 + version.length + 4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10 + 13 + plugin.length];
    int i = 0;
    p[i++] = 10;
    System.arraycopy(version, 0, p, i, version.length);
    i += version.length;
    p[i++] = 1; // connection id
    i += 3;
    System.arraycopy(scramble, 0, p, i, 8);
    i += 8;
    p[i++] = 0;
    p[i++] = (byte) (capabilities & 0xff);
    p[i++] = (byte) (capabilities >> 8 & 0xff);
    p[i++] = (byte) 0xff; // utf8mb4
    p[i++] = 2; // SERVER_STATUS_AUTOCOMMIT
    p[i++] = 0;
    p[i++] = (byte) (capabilities >> 16 & 0xff);
    p[i++] = (byte) (capabilities >> 24 & 0xff);
    p[i++] = 21;
    i += 10;
    System.arraycopy(scramble, 8, p, i, 12);
    i += 13;
    System.arraycopy(plugin, 0, p, i, plugin.length);
    return p;
  }

  private static void writePacket(OutputStream out, int sequence, byte[] payload) throws IOException {
    byte[] header = {
        (byte) (payload.length & 0xff), (byte) (payload.length >> 8 & 0xff), (byte) (payload.length >> 16 & 0xff),
        (byte) sequence};
    out.write(header);
    out.write(payload);
    out.flush();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
