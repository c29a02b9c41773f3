package com.subscriptionreconciler.doctor;

import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.DatabaseConfig;
import com.subscriptionreconciler.config.DatabaseSettings;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.ReconcilerConfig;
import com.subscriptionreconciler.config.SchemaMap;
import com.subscriptionreconciler.config.SecretSource;
import com.subscriptionreconciler.db.DataSourceFactory;
import com.subscriptionreconciler.db.PoolOptions;
import com.subscriptionreconciler.failure.ActionableFailure;
import com.subscriptionreconciler.schema.BillingSchema;
import com.subscriptionreconciler.schema.LogicalTable;
import com.subscriptionreconciler.schema.SchemaResolver;
import com.subscriptionreconciler.stripe.StripeUnreachableException;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.http.HttpClient;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code doctor}: checks everything a first run depends on and changes nothing anywhere — the database sees only
 * SELECT and SHOW statements, Stripe only GETs. A failing part does not stop the others: each check runs when what
 * it needs is there, and is listed as skipped otherwise, so one run of doctor shows every problem at once.
 */
public final class Doctor {
  private final Environment env;
  private final SecretSource secrets;
  private final Clock clock;

  public Doctor(Environment env, SecretSource secrets, Clock clock) {
    this.env = env;
    this.secrets = secrets;
    this.clock = clock;
  }

  public DoctorReport run() {
    List<Check> checks = new ArrayList<>();
    Optional<ReconcilerConfig> config = Optional.empty();
    Optional<DatabaseSettings> database = Optional.empty();
    SchemaMap map = SchemaMap.none();
    try {
      map = SchemaMap.from(env);
      SchemaResolver.checkLogicalNames(map);
      config = Optional.of(ReconcilerConfig.load(env, secrets));
      database = Optional.of(config.get().database());
      checks.add(Check.pass("configuration", "every variable is valid"));
    } catch (ConfigurationException e) {
      checks.add(Check.fail("configuration", e.getMessage(), "see docs/reference.md, Configuration"));
      database = databaseOnly();
    }
    Optional<BillingSchema> schema = Optional.empty();
    HikariDataSource pool = null;
    try {
      if (database.isEmpty()) {
        checks.add(Check.skip("database", "the database configuration did not load"));
      } else {
        pool = open(database.get(), checks);
      }
      if (pool != null) {
        try {
          DatabaseDoctor.Findings findings = new DatabaseDoctor(pool, map)
              .run(database.get().jdbcUrl(), config.map(ReconcilerConfig::rules), stripeTiers(config));
          checks.addAll(findings.checks());
          schema = findings.schema();
        } catch (RuntimeException e) {
          checks.add(DatabaseDoctor.failedToRun("database", e));
        }
      }
      if (config.isPresent() && config.get().accounts().configured()) {
        checks.addAll(accounts(config.get(), Optional.ofNullable(pool), schema));
      }
      if (config.isEmpty()) {
        checks.add(Check.skip("stripe", "the configuration did not load"));
      } else {
        checks.addAll(stripe(config.get(), Optional.ofNullable(pool), schema));
      }
    } catch (SQLException e) {
      checks.add(Check.fail("database", "a read failed: " + e.getMessage(), "check the database user's access"));
    } finally {
      if (pool != null) {
        pool.close();
      }
    }
    // a driver's message may quote JDBC_URL: its credentials never reach the output
    return new DoctorReport(checks.stream().map(Check::redacted).toList());
  }

  private Optional<DatabaseSettings> databaseOnly() {
    try {
      return Optional.of(DatabaseConfig.load(env, secrets).database());
    } catch (ConfigurationException e) {
      return Optional.empty();
    }
  }

  private static HikariDataSource open(DatabaseSettings settings, List<Check> checks) {
    try {
      HikariDataSource pool = DataSourceFactory.create(settings,
          PoolOptions.lambdaDefaults().withPoolName("subscription-reconciler-doctor").withMaximumPoolSize(2));
      checks.add(Check.pass("database", "reachable" + (settings.user() == null ? "" : " as " + settings.user())));
      return pool;
    } catch (RuntimeException e) {
      // the same words and fix the CLI prints for the same cause
      checks.add(ActionableFailure.in(e)
          .map(failure -> Check.fail("database", failure.detail(), failure.fix()))
          .orElseGet(() -> Check.fail("database", "cannot connect: " + rootMessage(e),
              "check DB_HOST/DB_PORT/DB_NAME (or JDBC_URL), the credentials, and the network path (security groups)")));
      return null;
    }
  }

  private static StripeProbe probe(ReconcilerConfig config) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    return new StripeProbe(http, config.stripe().apiBase(), config.stripe().apiKey().reveal());
  }

  /**
   * The tiers Stripe's metadata gives prices the map does not name; with {@code STRIPE_ACCOUNTS}, every account's,
   * each read with its own key. What could not be read is said, not thrown.
   */
  private static StripeTiers stripeTiers(Optional<ReconcilerConfig> config) {
    if (config.isEmpty()) {
      return StripeTiers.none();
    }
    if (!config.get().accounts().configured()) {
      return stripeTiers(config.get());
    }
    Map<String, StripeTiers> byLabel = new LinkedHashMap<>();
    for (ReconcilerConfig account : config.get().perAccount()) {
      byLabel.put(account.scope().label(), stripeTiers(account));
    }
    return StripeTiers.union(byLabel);
  }

  private static StripeTiers stripeTiers(ReconcilerConfig account) {
    try {
      return StripeTiers.read(probe(account), account.rules());
    } catch (IOException | RuntimeException e) {
      return StripeTiers.unreadable("not reachable (" + rootMessage(e) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return StripeTiers.unreadable("interrupted");
    }
  }

  /** With {@code STRIPE_ACCOUNTS}: whether the database tells the accounts' rows apart, and whose rows it holds. */
  private static List<Check> accounts(ReconcilerConfig config, Optional<DataSource> pool,
      Optional<BillingSchema> schema) {
    if (pool.isEmpty() || schema.isEmpty()) {
      return List.of(Check.skip("account column", "needs a reachable database and a usable schema"),
          Check.skip("account rows", "needs a reachable database and a usable schema"));
    }
    return new AccountsDoctor(pool.get()).run(schema.get(), config.accounts());
  }

  /**
   * The Stripe checks; with {@code STRIPE_ACCOUNTS}, every account's, default first, each check named with its
   * account's label and reading only that account's organizations.
   */
  private List<Check> stripe(ReconcilerConfig config, Optional<DataSource> pool, Optional<BillingSchema> schema) {
    if (!config.accounts().configured()) {
      return stripeAccount(config, pool, schema);
    }
    List<Check> checks = new ArrayList<>();
    for (ReconcilerConfig account : config.perAccount()) {
      // without the stripe_account column no check can keep to one account's rows: account column says so
      Optional<BillingSchema> scoped = schema
          .filter(s -> Arrays.stream(LogicalTable.values())
              .allMatch(t -> s.hasColumn(t, LogicalTable.ACCOUNT.name())))
          .map(s -> s.scopedTo(account.scope()));
      String label = account.scope().label();
      stripeAccount(account, pool, scoped).forEach(check -> checks.add(StripeJudgements.forAccount(check, label)));
    }
    return checks;
  }

  private List<Check> stripeAccount(ReconcilerConfig config, Optional<DataSource> pool,
      Optional<BillingSchema> schema) {
    StripeProbe probe = probe(config);
    try {
      return new StripeDoctor(probe, clock).run(config.stripe().apiKey().reveal(), pool, schema);
    } catch (RuntimeException e) {
      return List.of(DatabaseDoctor.failedToRun("stripe", e));
    } catch (IOException e) {
      return List.of(Check.fail("stripe", StripeUnreachableException.detail(config.stripe().apiBase(), e),
          StripeUnreachableException.FIX));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of(Check.fail("stripe", "interrupted", "run doctor again"));
    } catch (SQLException e) {
      return List.of(Check.fail("unlinked subscriptions", "a read failed: " + e.getMessage(),
          "check the database user's access"));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
