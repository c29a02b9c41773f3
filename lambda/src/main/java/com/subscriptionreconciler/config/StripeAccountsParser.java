package com.subscriptionreconciler.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code STRIPE_ACCOUNTS}: a JSON object from account label to {@code {"secretId": "…"}} (Secrets Manager,
 * the secret shaped like {@code STRIPE_SECRET_ID}'s) or {@code {"key": "…"}} (local runs), each with an optional
 * {@code "apiBase"} (else {@code STRIPE_API_BASE}) and {@code "default": true} on exactly one.
 *
 * <p>Every mistake is a {@link ConfigurationException} that names the account and the field, never a value: the
 * value may be a key. Labels that are not labels are not echoed either (a key pasted in the wrong place); they are
 * named by their position instead.
 */
final class StripeAccountsParser {
  private static final String VARIABLE = StripeAccounts.VARIABLE;
  private static final Set<String> FIELDS = Set.of("key", "secretId", "apiBase", "default");
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private StripeAccountsParser() {}

  /** {@link StripeAccounts#none()} when the variable is unset; the accounts, their keys resolved, otherwise. */
  static StripeAccounts parse(Environment env, SecretSource secrets) {
    if (!env.isSet(VARIABLE)) {
      return StripeAccounts.none();
    }
    for (String single : List.of(StripeKeyResolver.KEY_VARIABLE, StripeKeyResolver.SECRET_ID_VARIABLE)) {
      if (env.isSet(single)) {
        throw new ConfigurationException(VARIABLE + " and " + single + " are both set; with " + VARIABLE
            + " every account's key is given there, so unset " + single
            + " (a key outside the list would leave it unclear which account it belongs to)");
      }
    }
    JsonNode root = read(env.get(VARIABLE).orElseThrow());
    if (!root.isObject() || root.isEmpty()) {
      throw new ConfigurationException(VARIABLE + " must be a JSON object with at least one account, e.g. "
          + "{\"us\":{\"secretId\":\"stripe/us\",\"default\":true},\"eu\":{\"secretId\":\"stripe/eu\"}}");
    }
    List<StripeAccount> accounts = new ArrayList<>();
    List<String> defaults = new ArrayList<>();
    int position = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      position++;
      String label = entry.getKey();
      if (!AccountScope.LABEL.matcher(label).matches()) {
        throw new ConfigurationException(VARIABLE + ": the label of account #" + position + " is not valid: labels"
            + " are 1 to 32 characters of a-z, 0-9, _ and - (they are stored in the stripe_account column)");
      }
      StripeAccount account = account(env, secrets, label, entry.getValue());
      if (account.isDefault()) {
        defaults.add(label);
      }
      accounts.add(account);
    }
    if (defaults.size() != 1) {
      throw new ConfigurationException(VARIABLE + (defaults.isEmpty()
          ? " has no default account: mark exactly one with \"default\": true (its rows are those whose"
              + " stripe_account is NULL)"
          : " marks " + String.join(" and ", defaults) + " as default: mark exactly one with \"default\": true"));
    }
    return new StripeAccounts(accounts);
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the text around the error, which may be a key: never chain or repeat it
      String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
          ? " names an account or a field twice" : " is not valid JSON";
      throw new ConfigurationException(VARIABLE + why);
    }
  }

  private static StripeAccount account(Environment env, SecretSource secrets, String label, JsonNode node) {
    String where = VARIABLE + " account \"" + label + "\"";
    if (!node.isObject()) {
      throw new ConfigurationException(where + " must be an object with \"key\" or \"secretId\"");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field)) {
        throw new ConfigurationException(where + " has an unknown field (allowed: key, secretId, apiBase, default)");
      }
    }
    boolean isDefault = false;
    if (node.has("default")) {
      if (!node.get("default").isBoolean()) {
        throw new ConfigurationException(where + ": \"default\" must be true or false");
      }
      isDefault = node.get("default").booleanValue();
    }
    String apiBase = env.get("STRIPE_API_BASE").orElse(StripeSettings.DEFAULT_API_BASE);
    String apiBaseSource = "STRIPE_API_BASE";
    if (node.has("apiBase")) {
      apiBase = text(node, "apiBase", where);
      apiBaseSource = where + " apiBase";
    }
    Secret key = key(secrets, node, where);
    return new StripeAccount(label, isDefault, ReconcilerConfig.stripeSettings(env, apiBase, apiBaseSource, key));
  }

  private static Secret key(SecretSource secrets, JsonNode node, String where) {
    boolean hasKey = node.has("key");
    boolean hasSecret = node.has("secretId");
    if (hasKey && hasSecret) {
      throw new ConfigurationException(where + " has both \"key\" and \"secretId\": give only one");
    }
    if (hasKey) {
      return StripeKeyShape.check(text(node, "key", where), where + " key");
    }
    if (hasSecret) {
      String secretId = text(node, "secretId", where);
      return StripeKeyResolver.fromSecret(secretId, secrets.secretString(secretId), where + " secretId");
    }
    throw new ConfigurationException(where + " has no key: give \"secretId\" (Secrets Manager) or \"key\"");
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (!value.isTextual() || value.textValue().isBlank()) {
      throw new ConfigurationException(where + ": \"" + field + "\" must be a non-empty string");
    }
    return value.textValue().trim();
  }
}
