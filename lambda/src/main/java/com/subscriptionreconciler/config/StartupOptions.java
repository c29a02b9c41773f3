package com.subscriptionreconciler.config;

import java.util.Locale;

/**
 * What the Lambda execution environment does once before its first run. Kept apart from {@link ReconcilerConfig}
 * because only the Lambda reads it: the CLI has an explicit {@code migrate} command instead.
 *
 * @param migrateOnStart {@code MIGRATE_ON_START=true}: apply pending schema migrations once per execution
 *     environment, before the first run (docs/reference.md, Schema: migrations run "by migrate and, when
 *     configured, at start-up"). Off by default, because a schema change on the production database should
 *     normally be a deliberate {@code migrate}, not a side effect of a deploy.
 */
public record StartupOptions(boolean migrateOnStart) {
  public static final String MIGRATE_ON_START = "MIGRATE_ON_START";

  public static StartupOptions load(Environment env) {
    return new StartupOptions(flag(env, MIGRATE_ON_START));
  }

  /** Only {@code true}/{@code false}: a typo such as {@code yes} must not silently mean "off". */
  private static boolean flag(Environment env, String name) {
    String value = env.get(name).orElse("false").toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigurationException(name + " must be true or false");
    };
  }
}
