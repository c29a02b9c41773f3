package com.subscriptionreconciler.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The queue of the local {@code listen} command: the same compact messages SQS would carry, in memory, drained in
 * batches like the Lambda event source does (up to a batch size, or whatever arrived within the batching window).
 */
public final class InProcessEventQueue implements EventQueue {
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

  @Override
  public void send(EventReference event) {
    messages.add(QueueMessages.write(event));
  }

  /** Puts a message back (a failed one, for its retry). */
  void requeue(String body) {
    messages.add(body);
  }

  /**
   * Waits up to {@code idle} for a first message, then collects more until {@code window} has passed since it or
   * {@code maxBatch} are in hand. Empty when nothing arrived.
   */
  List<String> nextBatch(int maxBatch, Duration window, Duration idle) throws InterruptedException {
    List<String> batch = new ArrayList<>();
    String first = messages.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
    if (first == null) {
      return batch;
    }
    batch.add(first);
    long deadline = System.nanoTime() + window.toNanos();
    while (batch.size() < maxBatch) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        messages.drainTo(batch, maxBatch - batch.size());
        break;
      }
      String next = messages.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      batch.add(next);
    }
    return batch;
  }

  public int depth() {
    return messages.size();
  }
}
