package com.subscriptionreconciler.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * The database secret RDS creates and rotates ({@code host}, {@code port}, {@code username}, {@code password},
 * {@code dbname}). Every field is optional here because the {@code DB_*} variables may supply it; which ones are
 * actually required is decided by {@link DatabaseSettingsResolver}.
 */
record RdsSecret(
    String secretId,
    Optional<String> host,
    Optional<Integer> port,
    Optional<String> username,
    Optional<Secret> password,
    Optional<String> dbname) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static RdsSecret parse(String secretId, String secretString) {
    String where = "secret '" + secretId + "' (DB_SECRET_ID)";
    JsonNode node;
    try {
      node = JSON.readTree(secretString);
    } catch (IOException e) {
      // not chained: Jackson quotes the input, and the input holds the password
      throw new ConfigurationException(where + " is not valid JSON (expected the RDS shape with host, port, "
          + "username, password, dbname)");
    }
    if (node == null || !node.isObject()) {
      throw new ConfigurationException(where + " is not a JSON object (expected the RDS shape with host, port, "
          + "username, password, dbname)");
    }
    return new RdsSecret(
        secretId,
        text(node, "host", where),
        port(node, where),
        text(node, "username", where),
        text(node, "password", where).map(Secret::of),
        text(node, "dbname", where));
  }

  private static Optional<String> text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new ConfigurationException(where + " field \"" + field + "\" must be a string");
    }
    return value.textValue().isBlank() ? Optional.empty() : Optional.of(value.textValue());
  }

  private static Optional<Integer> port(JsonNode node, String where) {
    JsonNode value = node.get("port");
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    // RDS writes the port as a number, hand-made secrets often as a string: accept both.
    String raw = value.isNumber() ? value.asText() : value.isTextual() ? value.textValue().trim() : "";
    try {
      int port = Integer.parseInt(raw);
      if (port > 0 && port < 65536) {
        return Optional.of(port);
      }
    } catch (NumberFormatException e) {
      // uniform message below
    }
    throw new ConfigurationException(where + " field \"port\" must be a TCP port number");
  }
}
