package com.subscriptionreconciler.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch of several accounts' events ({@code STRIPE_ACCOUNTS}), consumed as one run per account: the
 * {@link EventRouter} splits it, and each account's part goes to an {@link EventBatchConsumer} over that account's
 * engine. A message no account takes fails alone, with the reason logged; a part whose consumer could not be built
 * or whose run threw fails only that part's messages. Used by the reconciler function and by {@code listen}.
 */
public final class RoutedEventBatches {
  private static final Logger LOG = LoggerFactory.getLogger(RoutedEventBatches.class);

  private final EventRouter router;
  private final Function<String, EventBatchConsumer> consumerOf;

  /** @param consumerOf the consumer of an account's part, by label (its engine, key mode and event sources) */
  public RoutedEventBatches(EventRouter router, Function<String, EventBatchConsumer> consumerOf) {
    this.router = router;
    this.consumerOf = consumerOf;
  }

  /**
   * What one part came to.
   *
   * @param account the part's account label; null for the messages no account takes
   */
  public record Part(String account, EventBatchConsumer.BatchOutcome outcome) {}

  /** The parts in order: the refused messages first (if any), then each account's, the default account first. */
  public List<Part> consume(List<EventBatchConsumer.QueuedMessage> messages) {
    EventRouter.Split split = router.split(messages);
    List<Part> parts = new ArrayList<>();
    if (!split.refused().isEmpty()) {
      split.refused().forEach((messageId, reason) -> LOG.warn(
          "Queue message {} belongs to no configured account; it will be retried, then dead-lettered: {}",
          messageId, reason));
      parts.add(new Part(null, failed(List.copyOf(split.refused().keySet()))));
    }
    for (Map.Entry<String, List<EventBatchConsumer.QueuedMessage>> part : split.parts().entrySet()) {
      String account = part.getKey();
      try {
        parts.add(new Part(account, consumerOf.apply(account).consume(part.getValue())));
      } catch (RuntimeException e) {
        // this account's engine or run failed as a whole: its messages come back; the other accounts' parts stand
        LOG.error("Event batch part of account {} failed; its {} messages will be retried: {}", account,
            part.getValue().size(), e.getMessage());
        LOG.debug("Event batch part failure", e);
        parts.add(new Part(account,
            failed(part.getValue().stream().map(EventBatchConsumer.QueuedMessage::messageId).toList())));
      }
    }
    return parts;
  }

  /** Every message id to redeliver, over all parts. */
  public static List<String> failedMessageIds(List<Part> parts) {
    return parts.stream().flatMap(p -> p.outcome().failedMessageIds().stream()).toList();
  }

  private static EventBatchConsumer.BatchOutcome failed(List<String> messageIds) {
    return new EventBatchConsumer.BatchOutcome(messageIds, messageIds.size(), 0, 0, 0, List.of(), null);
  }
}
