package com.subscriptionreconciler.emulator;

import java.util.Map;

/** What to create a customer from; null {@code id}/{@code created} mean generated id / clock now. */
public record CustomerSpec(String id, String email, String name, Long created, Map<String, String> metadata) {

  public static CustomerSpec of(String email) {
    return new CustomerSpec(null, email, null, null, Map.of());
  }

  public CustomerSpec withId(String newId) {
    return new CustomerSpec(newId, email, name, created, metadata);
  }

  public CustomerSpec withName(String newName) {
    return new CustomerSpec(id, email, newName, created, metadata);
  }

  public CustomerSpec withCreated(long newCreated) {
    return new CustomerSpec(id, email, name, newCreated, metadata);
  }

  public CustomerSpec withMetadata(Map<String, String> newMetadata) {
    return new CustomerSpec(id, email, name, created, newMetadata);
  }
}
