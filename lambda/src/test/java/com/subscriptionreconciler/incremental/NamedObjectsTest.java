package com.subscriptionreconciler.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Events repeat and arrive out of order (across pages, type groups and retries): the answer must not care. */
class NamedObjectsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record E(String id, String type, long created, String object) {}

  private static final List<E> EVENTS =
      List.of(
          new E("evt_1", "customer.subscription.created", 100, "{\"id\":\"sub_1\",\"customer\":\"cus_1\"}"),
          new E("evt_2", "customer.subscription.updated", 101, "{\"id\":\"sub_1\",\"customer\":\"cus_1\"}"),
          new E("evt_3", "customer.subscription.deleted", 102, "{\"id\":\"sub_2\",\"customer\":{\"id\":\"cus_2\"}}"),
          new E("evt_4", "customer.deleted", 102, "{\"id\":\"cus_2\",\"object\":\"customer\"}"),
          new E("evt_5", "customer.updated", 103, "{\"id\":\"cus_3\"}"),
          new E("evt_6", "customer.created", 99, "{\"id\":\"cus_4\"}"));

  @Test
  void namesEachObjectByTheEventsTypeAndKeepsTheNewestEvent() {
    ChangedObjects changed = collect(EVENTS);

    assertThat(changed.subscriptionIds()).containsExactlyInAnyOrder("sub_1", "sub_2");
    assertThat(changed.customerIds()).containsExactlyInAnyOrder("cus_1", "cus_2", "cus_3", "cus_4");
    assertThat(changed.deletedCustomerIds()).containsExactly("cus_2");
    assertThat(changed.newestEventCreated()).isEqualTo(Instant.ofEpochSecond(103));
    assertThat(changed.newestEventId()).isEqualTo("evt_5");
    assertThat(changed.eventCount()).isEqualTo(6);
  }

  @Test
  void aSubscriptionOfAnAccountCustomerNamesItsCustomerOrElseItsCustomerAccount() {
    ChangedObjects changed = collect(List.of(
        new E("evt_1", "customer.subscription.created", 100,
            "{\"id\":\"sub_1\",\"customer\":\"cus_1\",\"customer_account\":\"acct_1\"}"),
        new E("evt_2", "customer.subscription.updated", 101,
            "{\"id\":\"sub_2\",\"customer\":null,\"customer_account\":\"acct_2\"}")));

    // either id lists the same subscriptions; listing both would plan them twice
    assertThat(changed.customerIds()).containsExactlyInAnyOrder("cus_1", "acct_2");
  }

  @Test
  void duplicatedAndShuffledEventsGiveTheSameAnswer() {
    ChangedObjects expected = collect(EVENTS);
    Random random = new Random(11);
    for (int round = 0; round < 20; round++) {
      List<E> messy = new ArrayList<>(EVENTS);
      messy.addAll(EVENTS.subList(0, 1 + random.nextInt(EVENTS.size())));
      Collections.shuffle(messy, random);

      assertThat(collect(messy)).isEqualTo(expected);
    }
  }

  @Test
  void sameSecondTiesPickTheNewestByIdWhateverTheArrivalOrder() {
    List<E> tie =
        List.of(
            new E("evt_a", "customer.updated", 200, "{\"id\":\"cus_1\"}"),
            new E("evt_b", "customer.updated", 200, "{\"id\":\"cus_2\"}"));

    assertThat(collect(tie).newestEventId()).isEqualTo("evt_b");
    assertThat(collect(List.of(tie.get(1), tie.get(0))).newestEventId()).isEqualTo("evt_b");
  }

  @Test
  void eachEventTypeNamesItsOwnObjectsEvenWhenNothingElseDoes() {
    assertThat(collect(List.of(new E("evt_1", "customer.deleted", 1, "{\"id\":\"cus_gone\"}"))).customerIds())
        .containsExactly("cus_gone");
    ChangedObjects expanded = collect(List.of(new E("evt_1", "customer.subscription.updated", 1,
        "{\"id\":\"sub_1\",\"customer\":{\"id\":\"cus_x\",\"object\":\"customer\"}}")));
    assertThat(expanded.customerIds()).containsExactly("cus_x");
    assertThat(expanded.subscriptionIds()).containsExactly("sub_1");
  }

  @Test
  void addSaysWhetherTheEventWasNew() {
    NamedObjects named = new NamedObjects();

    assertThat(named.add("evt_1", "customer.updated", 5, tree("{\"id\":\"cus_1\"}"))).isTrue();
    assertThat(named.add("evt_1", "customer.updated", 5, tree("{\"id\":\"cus_1\"}"))).isFalse();
    assertThat(named.result().eventCount()).isEqualTo(1);
  }

  @Test
  void noEventsIsNone() {
    assertThat(new NamedObjects().result()).isSameAs(ChangedObjects.NONE);
  }

  private static ChangedObjects collect(List<E> events) {
    NamedObjects named = new NamedObjects();
    for (E e : events) {
      named.add(e.id(), e.type(), e.created(), tree(e.object()));
    }
    return named.result();
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
