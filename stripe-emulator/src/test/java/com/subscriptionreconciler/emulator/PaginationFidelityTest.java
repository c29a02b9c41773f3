package com.subscriptionreconciler.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.param.SubscriptionListParams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Auto-pagination and cursors over thousands of subscriptions, through stripe-java. */
class PaginationFidelityTest {

  private static final long AS_OF = 1_780_000_000L;
  private static StripeEmulator emulator;
  private static StripeClient client;
  private static List<String> allIdsNewestFirst;

  @BeforeAll
  static void seed() {
    emulator = StripeEmulator.start(EmulatorOptions.defaults().withSeed(7).withClockStart(AS_OF));
    AccountGenerator.generate(emulator.account(), 3_000, 7);
    client = Clients.client(emulator);
    allIdsNewestFirst = emulator.account().subscriptions().map(s -> s.id()).toList();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void autoPagingReturnsEverySubscriptionExactlyOnceNewestFirst() throws Exception {
    List<String> seen = new ArrayList<>();
    List<Long> created = new ArrayList<>();
    emulator.resetCounters();
    for (Subscription s : client.v1().subscriptions()
        .list(SubscriptionListParams.builder().setStatus(SubscriptionListParams.Status.ALL).setLimit(100L).build())
        .autoPagingIterable()) {
      seen.add(s.getId());
      created.add(s.getCreated());
    }
    assertThat(seen).hasSize(3_000).doesNotHaveDuplicates().containsExactlyElementsOf(allIdsNewestFirst);
    assertThat(created).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(emulator.requestCount("GET /v1/subscriptions")).isEqualTo(30);
    assertThat(emulator.counters().firstArrival("GET /v1/subscriptions")).isEqualTo(1);
    assertThat(emulator.counters().lastArrival("GET /v1/subscriptions")).isEqualTo(30);
  }

  @Test
  void arrivalNumbersTellWhichEndpointWasAskedFirst() throws Exception {
    emulator.resetCounters();
    client.v1().subscriptions().list(SubscriptionListParams.builder().setLimit(1L).build());
    client.v1().subscriptions().retrieve(allIdsNewestFirst.get(0));
    client.v1().subscriptions().list(SubscriptionListParams.builder().setLimit(1L).build());

    assertThat(emulator.counters().firstArrival("GET /v1/subscriptions/{id}")).isEqualTo(2);
    assertThat(emulator.counters().lastArrival("GET /v1/subscriptions/{id}")).isEqualTo(2);
    assertThat(emulator.counters().lastArrival("GET /v1/subscriptions")).isEqualTo(3);
    assertThat(emulator.counters().firstArrival("GET /v1/customers/{id}")).isZero();
    emulator.resetCounters();
    assertThat(emulator.counters().lastArrival("GET /v1/subscriptions")).isZero();
  }

  @Test
  void concurrentCreatedPartitionsCoverTheAccountExactlyOnce() throws Exception {
    long min = emulator.account().subscriptions().mapToLong(s -> s.created()).min().orElseThrow();
    long max = emulator.account().subscriptions().mapToLong(s -> s.created()).max().orElseThrow();
    int partitions = 6;
    long step = (max - min) / partitions + 1;
    ExecutorService pool = Executors.newFixedThreadPool(partitions);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        long gte = min + p * step;
        long lt = gte + step;
        futures.add(pool.submit(() -> {
          List<String> ids = new ArrayList<>();
          SubscriptionListParams params = SubscriptionListParams.builder()
              .setStatus(SubscriptionListParams.Status.ALL).setLimit(50L)
              .setCreated(SubscriptionListParams.Created.builder().setGte(gte).setLt(lt).build())
              .build();
          for (Subscription s : client.v1().subscriptions().list(params).autoPagingIterable()) {
            assertThat(s.getCreated()).isBetween(gte, lt - 1);
            ids.add(s.getId());
          }
          return ids;
        }));
      }
      List<String> union = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        union.addAll(f.get());
      }
      assertThat(union).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(allIdsNewestFirst);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void endingBeforePagesBackwardsWithStableCursors() throws Exception {
    String oldest = allIdsNewestFirst.get(allIdsNewestFirst.size() - 1);
    List<String> collected = new ArrayList<>();
    String cursor = oldest;
    boolean hasMore = true;
    while (hasMore) {
      StripeCollection<Subscription> page = client.v1().subscriptions().list(SubscriptionListParams.builder()
          .setStatus(SubscriptionListParams.Status.ALL).setLimit(100L).setEndingBefore(cursor).build());
      List<String> ids = page.getData().stream().map(Subscription::getId).toList();
      collected.addAll(0, ids); // each page is newest first and sits before the previous one
      hasMore = page.getHasMore();
      cursor = ids.get(0);
    }
    assertThat(collected).containsExactlyElementsOf(allIdsNewestFirst.subList(0, allIdsNewestFirst.size() - 1));
  }

  @Test
  void autoPagingWithEndingBeforeFailsOnTheSecondPageLikeStripe() throws Exception {
    // stripe-java 33.3.0 adds starting_after to the ending_before params; Stripe refuses both.
    String oldest = allIdsNewestFirst.get(allIdsNewestFirst.size() - 1);
    Iterable<Subscription> all = client.v1().subscriptions().list(SubscriptionListParams.builder()
        .setStatus(SubscriptionListParams.Status.ALL).setLimit(100L).setEndingBefore(oldest).build())
        .autoPagingIterable();
    assertThatThrownBy(() -> all.forEach(s -> { }))
        .hasRootCauseInstanceOf(InvalidRequestException.class)
        .rootCause().hasMessageContaining("starting_after and ending_before");
  }

  @Test
  void startingAfterAnUnknownCursorIsResourceMissing() {
    assertThatThrownBy(() -> client.v1().subscriptions().list(
            SubscriptionListParams.builder().setStartingAfter("sub_nope").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getCode()).isEqualTo("resource_missing");
          assertThat(e.getStatusCode()).isEqualTo(404);
          assertThat(e.getParam()).isEqualTo("starting_after");
        });
  }

  @Test
  void limitOutsideOneToHundredIsRefused() {
    for (long limit : new long[] {0, 101}) {
      assertThatThrownBy(() -> client.v1().subscriptions().list(
              SubscriptionListParams.builder().setLimit(limit).build()))
          .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(400);
            assertThat(e.getParam()).isEqualTo("limit");
          });
    }
  }

  @Test
  void defaultPageIsTenWithHasMoreAndUrl() throws Exception {
    StripeCollection<Subscription> page = client.v1().subscriptions().list(
        SubscriptionListParams.builder().setStatus(SubscriptionListParams.Status.ALL).build());
    assertThat(page.getData()).hasSize(10);
    assertThat(page.getHasMore()).isTrue();
    assertThat(page.getUrl()).isEqualTo("/v1/subscriptions");
    Set<String> ids = new HashSet<>(page.getData().stream().map(Subscription::getId).toList());
    assertThat(ids).containsExactlyInAnyOrderElementsOf(allIdsNewestFirst.subList(0, 10));
  }
}
