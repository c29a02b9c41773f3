package com.subscriptionreconciler.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything docs/reference.md, Configuration lists, resolved and validated: the one object the Lambda handler, the
 * CLI and the engine's wiring are built from. Loading fails fast with a {@link ConfigurationException} naming the
 * variable at fault.
 */
public record ReconcilerConfig(
    StripeSettings stripe,
    DatabaseSettings database,
    ReconcileRules rules,
    LogLevel logLevel,
    Optional<DbTlsMode> databaseTls,
    SchemaMap schemaMap,
    StripeAccounts accounts,
    AccountScope scope) {

  public ReconcilerConfig {
    Objects.requireNonNull(stripe, "stripe");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(databaseTls, "databaseTls");
    Objects.requireNonNull(schemaMap, "schemaMap");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(scope, "scope");
  }

  /** A single-account configuration (no {@code STRIPE_ACCOUNTS}). */
  public ReconcilerConfig(
      StripeSettings stripe, DatabaseSettings database, ReconcileRules rules, LogLevel logLevel,
      Optional<DbTlsMode> databaseTls, SchemaMap schemaMap) {
    this(stripe, database, rules, logLevel, databaseTls, schemaMap, StripeAccounts.none(), AccountScope.single());
  }

  /** Configuration for the product's own tables under their own names (no {@code SCHEMA_MAP}). */
  public ReconcilerConfig(
      StripeSettings stripe, DatabaseSettings database, ReconcileRules rules, LogLevel logLevel,
      Optional<DbTlsMode> databaseTls) {
    this(stripe, database, rules, logLevel, databaseTls, SchemaMap.none());
  }

  /**
   * Resolves the configuration. Secrets are read through {@code secrets} only when a {@code *_SECRET_ID} variable
   * asks for them (and, for the database, only for fields the {@code DB_*} variables leave unset).
   */
  public static ReconcilerConfig load(Environment env, SecretSource secrets) {
    LogLevel logLevel = LogLevel.from(env);
    ReconcileRules rules = ReconcileRulesParser.parse(env);
    Optional<DbTlsMode> tls = env.get(DbTlsMode.VARIABLE).map(DbTlsMode::parse);
    StripeAccounts accounts = StripeAccountsParser.parse(env, secrets);
    // with STRIPE_ACCOUNTS, the configuration as loaded is the default account's; forAccount gives the others
    StripeSettings stripe = accounts.defaultAccount().map(StripeAccount::stripe)
        .orElseGet(() -> stripeSettings(env, secrets));
    AccountScope scope = accounts.defaultAccount().map(StripeAccount::scope).orElse(AccountScope.single());
    DatabaseSettings database = DatabaseSettingsResolver.resolve(env, secrets, tls);
    SchemaMap schemaMap = SchemaMap.from(env);
    return new ReconcilerConfig(stripe, database, rules, logLevel, tls, schemaMap, accounts, scope);
  }

  /**
   * The configuration of one account of {@code STRIPE_ACCOUNTS}: its Stripe settings and its {@link AccountScope};
   * everything else shared. An engine built from it reconciles that account only.
   *
   * @throws ConfigurationException when there is no such account (or no {@code STRIPE_ACCOUNTS})
   */
  public ReconcilerConfig forAccount(String label) {
    StripeAccount account = accounts.named(label);
    return new ReconcilerConfig(account.stripe(), database, rules, logLevel, databaseTls, schemaMap, accounts,
        account.scope());
  }

  /** Each account's configuration, default first then in {@code STRIPE_ACCOUNTS} order; just this one without it. */
  public List<ReconcilerConfig> perAccount() {
    if (!accounts.configured()) {
      return List.of(this);
    }
    List<ReconcilerConfig> all = new ArrayList<>();
    for (StripeAccount account : accounts.all()) {
      // the default account first: its rows are the ones a single-account deployment reconciled
      all.add(account.isDefault() ? 0 : all.size(), forAccount(account.label()));
    }
    return all;
  }

  private static StripeSettings stripeSettings(Environment env, SecretSource secrets) {
    String apiBase = env.get("STRIPE_API_BASE").orElse(StripeSettings.DEFAULT_API_BASE);
    return stripeSettings(env, apiBase, "STRIPE_API_BASE", StripeKeyResolver.resolve(env, secrets));
  }

  /**
   * Settings for one key at one API base; the request ceilings ({@code STRIPE_MAX_RPS} and the others) are read
   * from the environment, and apply to each account on its own (each Stripe account has its own limits).
   */
  static StripeSettings stripeSettings(Environment env, String apiBase, String apiBaseSource, Secret key) {
    if (!isHttpUrl(apiBase)) {
      throw new ConfigurationException(apiBaseSource + " must be an http(s) URL such as https://api.stripe.com");
    }
    if (!apiBase.startsWith("https://") && !isLoopback(URI.create(apiBase).getHost())) {
      // the key travels in every request's Authorization header
      throw new ConfigurationException(apiBaseSource + " must use https:// (the Stripe key is sent with every "
          + "request); plain http:// is allowed only for a loopback host (localhost, 127.0.0.1, [::1]), e.g. the "
          + "emulator");
    }
    double rps = env.getDouble("STRIPE_MAX_RPS", StripeSettings.DEFAULT_MAX_RPS, "a number greater than 0");
    if (!(rps > 0)) {
      throw new ConfigurationException("STRIPE_MAX_RPS must be a number greater than 0");
    }
    double endpointRps =
        env.getDouble("STRIPE_ENDPOINT_MAX_RPS", StripeSettings.DEFAULT_ENDPOINT_MAX_RPS, "a number greater than 0");
    if (!(endpointRps > 0)) {
      throw new ConfigurationException("STRIPE_ENDPOINT_MAX_RPS must be a number greater than 0");
    }
    long inFlight = env.getLong("STRIPE_MAX_IN_FLIGHT", StripeSettings.DEFAULT_MAX_IN_FLIGHT, "a whole number from 1 to 256");
    if (inFlight < 1 || inFlight > 256) {
      throw new ConfigurationException("STRIPE_MAX_IN_FLIGHT must be a whole number from 1 to 256");
    }
    // a ceiling above what Stripe allows the key's mode (25/s in a sandbox) could only earn 429s
    double ceiling = Math.min(rps, StripeKeyMode.of(key).accountRequestsPerSecond());
    return new StripeSettings(stripTrailingSlash(apiBase), key, ceiling, StripeSettings.DEFAULT_NETWORK_RETRIES,
        Math.min(endpointRps, ceiling), (int) inFlight);
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = URI.create(value);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A loopback host by name or address literal; never resolved (no DNS answer decides this). */
  static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
