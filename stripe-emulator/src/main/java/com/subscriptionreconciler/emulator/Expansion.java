package com.subscriptionreconciler.emulator;

import java.util.List;

/**
 * Which expandable references to inline. Parsed from {@code expand[]} relative to the object (a
 * list strips its {@code data.} prefix first). Stripe caps expansion at four levels, counted on the
 * full path as sent, so {@code data.items.data.price.product} is refused on a list while
 * {@code items.data.price.product} works on a retrieve.
 */
record Expansion(boolean customer, boolean product) {

  static final Expansion NONE = new Expansion(false, false);
  private static final int MAX_DEPTH = 4;

  /**
   * @param kind the object the paths are relative to after {@code prefix}
   * @param prefix {@code "data."} for lists, {@code ""} for retrieves
   */
  static Expansion parse(List<String> paths, String kind, String prefix) {
    boolean customer = false;
    boolean product = false;
    for (String full : paths) {
      if (full.split("\\.", -1).length > MAX_DEPTH) {
        throw ApiError.invalid("expand",
            "You cannot expand more than 4 levels of a property. Property: " + full);
      }
      if (!full.startsWith(prefix)) {
        throw cannotExpand(full);
      }
      String path = full.substring(prefix.length());
      switch (kind + ":" + path) {
        case "subscription:customer" -> customer = true;
        case "subscription:items.data.price.product", "price:product", "subscription_item:price.product" ->
            product = true;
        case "subscription_item:price" -> { }
        // Already inline: Stripe always includes the price on items, so expanding it is a no-op.
        case "subscription:items.data.price", "subscription:items" -> { }
        default -> throw cannotExpand(full);
      }
    }
    return new Expansion(customer, product);
  }

  private static ApiError cannotExpand(String path) {
    return ApiError.invalid("expand", "This property cannot be expanded (" + path + ").");
  }
}
