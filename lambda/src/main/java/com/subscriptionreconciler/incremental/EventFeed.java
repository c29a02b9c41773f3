package com.subscriptionreconciler.incremental;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.param.EventListParams;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads, with GET requests only, every relevant event created since a checkpoint and reports the objects they
 * name. Cost: per type group, one request per 100 events (at least one), whatever the size of the account.
 *
 * <p>Resuming: {@code created[gte]} is the checkpoint's second (inclusive), because Stripe's times are whole
 * seconds and several events can share the checkpoint's second. Only the checkpoint's own event is dropped;
 * the others of that second are read again. Their order within a second is not something Stripe promises, so
 * "after the checkpoint id in list order" would risk skipping an event; reading one again only costs a
 * re-read of an object whose reconciliation is idempotent.
 *
 * <p>Newest first with {@code starting_after}: events created while we page land before the cursor and are
 * not seen now, but they are newer than the newest event we report, so the next run reads them.
 */
public final class EventFeed {
  static final long PAGE_SIZE = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StripeClient client;
  private final List<List<String>> typeGroups;

  public EventFeed(StripeClient client) {
    this(client, EventTypes.RELEVANT, EventTypes.MAX_TYPES_PER_REQUEST);
  }

  /** Visible for tests: a smaller group size proves that several groups merge into one answer. */
  EventFeed(StripeClient client, List<String> types, int maxTypesPerRequest) {
    this.client = Objects.requireNonNull(client, "client");
    this.typeGroups = EventTypes.groups(types, maxTypesPerRequest);
  }

  /** Every object named by an event created at or after {@code since}, minus the checkpoint's own event. */
  public ChangedObjects readSince(Checkpoint since) throws StripeException {
    Objects.requireNonNull(since, "since");
    NamedObjects named = new NamedObjects();
    for (List<String> group : typeGroups) {
      readGroup(group, since, named);
    }
    return named.result();
  }

  private void readGroup(List<String> types, Checkpoint since, NamedObjects named) throws StripeException {
    Set<String> wanted = Set.copyOf(types);
    String after = null;
    do {
      EventListParams.Builder params =
          EventListParams.builder()
              .addAllType(types)
              .setCreated(EventListParams.Created.builder().setGte(since.listFromEpochSecond()).build())
              .setLimit(PAGE_SIZE);
      if (after != null) {
        params.setStartingAfter(after);
      }
      StripeCollection<Event> page = client.v1().events().list(params.build());
      List<Event> data = page.getData();
      for (Event event : data) {
        if (event.getId().equals(since.lastEventId()) || !wanted.contains(event.getType())) {
          continue;
        }
        named.add(event.getId(), event.getType(), event.getCreated(), dataObject(event));
      }
      after = Boolean.TRUE.equals(page.getHasMore()) && !data.isEmpty() ? data.get(data.size() - 1).getId() : null;
    } while (after != null);
  }

  /**
   * The raw {@code data.object}: read as JSON rather than as a typed object because stripe-java only
   * deserializes it when the event's API version matches the library's, and we need just two fields.
   */
  private static JsonNode dataObject(Event event) {
    String raw = event.getDataObjectDeserializer().getRawJson();
    if (raw == null) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event " + event.getId() + " has unreadable data.object", e);
    }
  }
}
