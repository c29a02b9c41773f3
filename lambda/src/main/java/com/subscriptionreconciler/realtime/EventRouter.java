package com.subscriptionreconciler.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.config.AccountEventSettings;
import com.subscriptionreconciler.config.ConfigurationException;
import com.subscriptionreconciler.config.Environment;
import com.subscriptionreconciler.config.StripeAccounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which account of {@code STRIPE_ACCOUNTS} each queue message belongs to, so a batch can be split and each part run
 * on its own account's engine (docs/reference.md, Several Stripe accounts):
 *
 * <ul>
 *   <li>a receiver message: its {@code accountLabel} (the account whose endpoint received it); none is the default
 *       account;
 *   <li>an EventBridge event: the account whose {@code eventSource} is exactly its {@code source}
 *       ({@code STRIPE_EVENT_SOURCE_NAME} stays the default account's); when the default account names no source,
 *       any other source of Stripe's shape is the default account's, as without {@code STRIPE_ACCOUNTS};
 *   <li>anything else (not JSON, neither shape): the default account's part, whose consumer treats it as poison as
 *       always.
 * </ul>
 *
 * <p>A message of a label the configuration does not list, or from a source no account names, belongs to no
 * account: it is refused with the reason (redelivered, then dead-lettered), never run on another account.
 */
public final class EventRouter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String defaultLabel;
  /** Every label, default first, then in the order STRIPE_ACCOUNTS lists them. */
  private final List<String> labels;
  private final Map<String, String> labelBySource;
  private final Map<String, String> sourceByLabel;

  private EventRouter(String defaultLabel, List<String> labels, Map<String, String> sourceByLabel) {
    this.defaultLabel = defaultLabel;
    this.labels = List.copyOf(labels);
    this.sourceByLabel = Map.copyOf(sourceByLabel);
    Map<String, String> bySource = new LinkedHashMap<>();
    sourceByLabel.forEach((label, source) -> bySource.put(source, label));
    this.labelBySource = Map.copyOf(bySource);
  }

  /**
   * The router of this deployment; empty without {@code STRIPE_ACCOUNTS} (every message is the one account's).
   *
   * @throws ConfigurationException when an {@code eventSource} is not a Stripe partner source's name, two accounts
   *     name the same source, or the default account's differs from {@code STRIPE_EVENT_SOURCE_NAME}
   */
  public static Optional<EventRouter> fromEnvironment(Environment env) {
    List<AccountEventSettings> accounts = StripeAccounts.eventSettings(env);
    if (accounts.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> singleSource = StripeEventSources.fromEnvironment(env).configured();
    String defaultLabel = null;
    List<String> labels = new ArrayList<>();
    Map<String, String> sourceByLabel = new LinkedHashMap<>();
    for (AccountEventSettings account : accounts) {
      String where = StripeAccounts.VARIABLE + " account \"" + account.label() + "\"";
      Optional<String> source = account.eventSource();
      if (account.isDefault()) {
        defaultLabel = account.label();
        labels.add(0, account.label());
        if (source.isPresent() && singleSource.isPresent() && !source.equals(singleSource)) {
          throw new ConfigurationException(where + " eventSource differs from " + StripeEventSources.VARIABLE
              + ", which names the default account's source too: keep one");
        }
        source = source.or(() -> singleSource);
      } else {
        labels.add(account.label());
      }
      if (source.isEmpty()) {
        continue;
      }
      if (!StripeEventSources.isStripeShaped(source.get())) {
        throw new ConfigurationException(where + " eventSource is not a Stripe partner event source's name"
            + " (aws.partner/stripe.com/<id>)");
      }
      if (sourceByLabel.containsValue(source.get())) {
        throw new ConfigurationException(where + " eventSource is another account's too: each account's events"
            + " come from a partner event source of its own");
      }
      sourceByLabel.put(account.label(), source.get());
    }
    return Optional.of(new EventRouter(defaultLabel, labels, sourceByLabel));
  }

  /** One message's account, or why it has none. */
  public sealed interface Route {
    record ToAccount(String label) implements Route {}

    record Refused(String reason) implements Route {}
  }

  public Route route(String body) {
    JsonNode node;
    try {
      node = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      return new Route.ToAccount(defaultLabel);
    }
    if (node == null || !node.isObject()) {
      return new Route.ToAccount(defaultLabel);
    }
    if (node.has("detail") && node.has("detail-type")) {
      String source = node.path("source").asText("");
      String label = labelBySource.get(source);
      if (label != null) {
        return new Route.ToAccount(label);
      }
      if (!sourceByLabel.containsKey(defaultLabel)) {
        // the default account names no source: it takes Stripe's sources as one account would (its consumer
        // checks the shape), except the sources other accounts name, which were matched above
        return new Route.ToAccount(defaultLabel);
      }
      return new Route.Refused("EventBridge event from a source no account of " + StripeAccounts.VARIABLE
          + " names as its eventSource");
    }
    if (node.path(QueueMessages.EVENT_FIELD).isTextual()) {
      String label;
      try {
        label = QueueMessages.accountLabel(node);
      } catch (MalformedEventException e) {
        return new Route.Refused(e.getMessage());
      }
      if (label == null) {
        return new Route.ToAccount(defaultLabel);
      }
      if (!labels.contains(label)) {
        return new Route.Refused("receiver message of account '" + StripeAccounts.printable(label)
            + "', which " + StripeAccounts.VARIABLE + " does not list (accounts: " + String.join(", ", labels) + ")");
      }
      return new Route.ToAccount(label);
    }
    return new Route.ToAccount(defaultLabel);
  }

  /** The EventBridge sources the consumer of {@code label}'s part takes: its own, else any of Stripe's shape. */
  public StripeEventSources sourcesOf(String label) {
    String source = sourceByLabel.get(label);
    return source == null ? StripeEventSources.anyStripeSource() : StripeEventSources.exactly(source);
  }

  public String defaultLabel() {
    return defaultLabel;
  }

  /**
   * One batch, split: each account's messages (default first, then as {@code STRIPE_ACCOUNTS} lists them), and the
   * ids of the messages no account takes, each with why.
   */
  public record Split(Map<String, List<EventBatchConsumer.QueuedMessage>> parts, Map<String, String> refused) {}

  public Split split(List<EventBatchConsumer.QueuedMessage> messages) {
    Map<String, List<EventBatchConsumer.QueuedMessage>> parts = new LinkedHashMap<>();
    labels.forEach(label -> parts.put(label, new ArrayList<>()));
    Map<String, String> refused = new LinkedHashMap<>();
    for (EventBatchConsumer.QueuedMessage message : messages) {
      Route route = route(message.body());
      if (route instanceof Route.ToAccount to) {
        parts.get(to.label()).add(message);
      } else if (route instanceof Route.Refused why) {
        refused.put(message.messageId(), why.reason());
      }
    }
    parts.values().removeIf(List::isEmpty);
    return new Split(parts, refused);
  }
}
