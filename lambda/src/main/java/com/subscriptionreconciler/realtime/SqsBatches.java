package com.subscriptionreconciler.realtime;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reconciler function's SQS branch: recognises an SQS batch ({@code Records} whose {@code eventSource} is
 * {@code aws:sqs}), hands its messages to the {@link EventBatchConsumer} and answers with an
 * {@link SQSBatchResponse} naming the failed messages — the event source mapping has
 * {@code ReportBatchItemFailures} on, so only those come back.
 */
public final class SqsBatches {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SqsBatches() {}

  /** Whether this invocation payload is an SQS batch (cheap: the first bytes decide for every other payload). */
  public static boolean isSqsBatch(byte[] payload) {
    JsonNode root = tree(payload);
    JsonNode records = root == null ? null : root.get("Records");
    return records != null && records.isArray() && !records.isEmpty()
        && "aws:sqs".equals(records.get(0).path("eventSource").asText());
  }

  public static List<EventBatchConsumer.QueuedMessage> messages(byte[] payload) {
    List<EventBatchConsumer.QueuedMessage> messages = new ArrayList<>();
    for (JsonNode record : tree(payload).get("Records")) {
      messages.add(new EventBatchConsumer.QueuedMessage(record.path("messageId").asText(), record.path("body").asText(null)));
    }
    return messages;
  }

  public static byte[] response(EventBatchConsumer.BatchOutcome outcome) {
    return response(outcome.failedMessageIds());
  }

  /** The answer naming {@code failedMessageIds}, e.g. of every account's part of a batch. */
  public static byte[] response(List<String> failedMessageIds) {
    List<SQSBatchResponse.BatchItemFailure> failures = failedMessageIds.stream()
        .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build())
        .toList();
    SQSBatchResponse response = SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    try {
      // Lambda reads {"batchItemFailures":[{"itemIdentifier":"…"}]}: the bean's own property names
      return JSON.writeValueAsBytes(response);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the batch response", e);
    }
  }

  private static JsonNode tree(byte[] payload) {
    try {
      return payload.length == 0 ? null : JSON.readTree(payload);
    } catch (IOException e) {
      return null;
    }
  }
}
