package com.subscriptionreconciler.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Customer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One emulator, two keys, two Stripe accounts: each key sees its own account's objects and nothing else. */
class SeveralAccountsTest {
  private static final String EU_KEY = "sk_test_fakeEmulatorEuKey";

  private static StripeClient client(StripeEmulator emulator, String key) {
    return StripeClient.builder().setApiKey(key).setApiBase(emulator.baseUrl()).setMaxNetworkRetries(0).build();
  }

  @Test
  void eachKeyOpensItsOwnAccount() throws Exception {
    try (StripeEmulator emulator = StripeEmulator.start()) {
      EmulatedAccount eu = emulator.addAccount(EU_KEY, 7);
      String usCustomer = emulator.account().createCustomer(CustomerSpec.of("us@example.com"));
      String euCustomer = eu.createCustomer(CustomerSpec.of("eu@example.com"));

      List<String> seenByUs = client(emulator, emulator.apiKey()).customers().list().getData().stream()
          .map(Customer::getId).toList();
      List<String> seenByEu = client(emulator, EU_KEY).customers().list().getData().stream()
          .map(Customer::getId).toList();

      assertThat(seenByUs).containsExactly(usCustomer);
      assertThat(seenByEu).containsExactly(euCustomer);
      assertThatThrownBy(() -> client(emulator, EU_KEY).customers().retrieve(usCustomer))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("No such customer");
    }
  }

  @Test
  void aKeyOfNoAccountIsRefused() {
    try (StripeEmulator emulator = StripeEmulator.start()) {
      emulator.addAccount(EU_KEY, 7);

      assertThatThrownBy(() -> client(emulator, "sk_test_fakeEmulatorApacKey").customers().list())
          .isInstanceOf(AuthenticationException.class);
      assertThatThrownBy(() -> emulator.addAccount(emulator.apiKey(), 8))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
