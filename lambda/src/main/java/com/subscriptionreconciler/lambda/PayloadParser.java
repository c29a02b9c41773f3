package com.subscriptionreconciler.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.subscriptionreconciler.config.AccountScope;
import com.subscriptionreconciler.report.Mode;
import com.subscriptionreconciler.report.Trigger;
import com.subscriptionreconciler.run.RunRequest;
import com.subscriptionreconciler.run.StripeIds;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns the raw invocation bytes into a {@link RunRequest}, strictly: unknown fields, wrong types (no
 * {@code "true"} for {@code true}, no {@code 1.5} for an id), unknown modes and malformed ids are rejected with a
 * message naming the field, before anything is touched.
 *
 * <p>Also refused: a field named twice ({@code {"dryRun":true,"dryRun":false}} would otherwise run for real, the
 * last key winning), ids that are not Stripe's id shape ({@link StripeIds}), and more than
 * {@value StripeIds#MAX_TARGETED_IDS} ids in all.
 *
 * <p>An event whose {@code source} is {@code aws.events} (the EventBridge Scheduled Event, delivered as is) is a
 * full run with trigger {@code schedule}; one that also carries a run setting ({@code dryRun}, {@code mode} …) is
 * refused rather than run with the setting dropped: EventBridge delivers the Scheduled Event only when the rule has
 * no input, so a setting beside {@code source} was never going to be honoured. An empty payload is a full manual
 * run.
 */
final class PayloadParser {
  private static final String FIELDS =
      "mode, dryRun, force, organizationIds, customerIds, subscriptionIds, trigger, resumeRunId, account";

  /** The engine's run ids: {@code r-20261126T030000Z-3fa85c}. */
  private static final java.util.regex.Pattern RUN_ID =
      java.util.regex.Pattern.compile("r-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}");

  /**
   * The fields that set a run, refused beside {@code "source":"aws.events"}. Deliberately not every payload field:
   * the Scheduled Event's own fields ({@code account} is the AWS account id, {@code time}, {@code detail} …) are
   * not run settings.
   */
  private static final List<String> RUN_SETTINGS = List.of(
      "mode", "dryRun", "force", "organizationIds", "customerIds", "subscriptionIds", "trigger", "resumeRunId");

  private final ObjectMapper mapper = JsonMapper.builder()
      // {"dryRun":true,"dryRun":false} must be refused, not run for real because the last key wins
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      // ALLOW_COERCION_OF_SCALARS does not cover number/boolean -> String: {"mode":7} must fail, not become "7"
      .withCoercionConfig(LogicalType.Textual, config -> config
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  RunRequest parse(byte[] payload) {
    return parseInvocation(payload).request();
  }

  /** The run asked for, and the Stripe account to run it on (empty: the default account). */
  record Invocation(RunRequest request, Optional<String> account) {}

  Invocation parseInvocation(byte[] payload) {
    JsonNode root = readTree(payload);
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new Invocation(RunRequest.full(Trigger.MANUAL), Optional.empty());
    }
    if (!root.isObject()) {
      throw new InvalidPayloadException("payload must be a JSON object with the fields " + FIELDS);
    }
    if ("aws.events".equals(root.path("source").asText(null))) {
      return new Invocation(scheduled(root), Optional.empty());
    }
    InvocationPayload bound = bind(root);
    return new Invocation(toRequest(bound), account(bound.account()));
  }

  /** A label of {@code STRIPE_ACCOUNTS}; whether this deployment has that account is the runtime's to say. */
  private static Optional<String> account(String label) {
    if (label == null) {
      return Optional.empty();
    }
    if (!AccountScope.LABEL.matcher(label).matches()) {
      throw new InvalidPayloadException(
          "account must be a label of STRIPE_ACCOUNTS: 1 to 32 characters of a-z, 0-9, _ and -");
    }
    return Optional.of(label);
  }

  private JsonNode readTree(byte[] payload) {
    if (new String(payload, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return null;
    }
    try {
      return mapper.readTree(payload);
    } catch (StreamReadException e) {
      String duplicate = e.getOriginalMessage();
      if (duplicate != null && duplicate.startsWith("Duplicate field ")) {
        throw new InvalidPayloadException(duplicate.substring("Duplicate ".length())
            + " appears more than once: name each field once (which one was meant cannot be guessed)");
      }
      throw new InvalidPayloadException("payload is not valid JSON");
    } catch (IOException e) {
      throw new InvalidPayloadException("payload is not valid JSON");
    }
  }

  private static RunRequest scheduled(JsonNode root) {
    List<String> settings = RUN_SETTINGS.stream().filter(root::has).toList();
    if (!settings.isEmpty()) {
      throw new InvalidPayloadException("a scheduled event (\"source\":\"aws.events\") is always a plain full run, but"
          + " this one also sets " + String.join(", ", settings) + ", which would be ignored: give the rule an input"
          + " payload instead, e.g. {\"trigger\":\"schedule\",\"dryRun\":true}");
    }
    return RunRequest.full(Trigger.SCHEDULE);
  }

  private InvocationPayload bind(JsonNode root) {
    try {
      return mapper.treeToValue(root, InvocationPayload.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidPayloadException(
          "unknown field '" + e.getPropertyName() + "' (allowed: " + FIELDS + ")");
    } catch (MismatchedInputException e) {
      throw new InvalidPayloadException("field '" + path(e) + "' must be " + expected(path(e)));
    } catch (JsonProcessingException e) {
      throw new InvalidPayloadException("payload does not match the expected fields " + FIELDS);
    }
  }

  private static RunRequest toRequest(InvocationPayload p) {
    Mode mode;
    try {
      mode = p.mode() == null ? Mode.FULL : Mode.parse(p.mode());
    } catch (IllegalArgumentException e) {
      throw new InvalidPayloadException(e.getMessage());
    }
    List<Long> organizations = nonNullElements("organizationIds", p.organizationIds());
    for (Long id : organizations) {
      if (id <= 0) {
        throw new InvalidPayloadException("organizationIds must contain positive ids");
      }
    }
    List<String> customers =
        shaped("customerIds", p.customerIds(), StripeIds::isCustomer, StripeIds.CUSTOMER_SHAPE);
    List<String> subscriptions =
        shaped("subscriptionIds", p.subscriptionIds(), StripeIds::isSubscription, StripeIds.SUBSCRIPTION_SHAPE);
    int named = organizations.size() + customers.size() + subscriptions.size();
    if (named > StripeIds.MAX_TARGETED_IDS) {
      throw new InvalidPayloadException("a targeted run names at most " + StripeIds.MAX_TARGETED_IDS + " ids in all"
          + " (organizationIds, customerIds and subscriptionIds together), this payload names " + named
          + ": split it into several invocations, or run a full run");
    }
    if (p.resumeRunId() != null) {
      return resume(p, mode, organizations, customers, subscriptions);
    }
    return new RunRequest(trigger(p.trigger()), mode, Boolean.TRUE.equals(p.dryRun()), Boolean.TRUE.equals(p.force()),
        organizations, customers, subscriptions);
  }

  /** A resumed run keeps the settings it started with, so the payload may not restate or change them. */
  private static RunRequest resume(
      InvocationPayload p, Mode mode, List<Long> organizations, List<String> customers, List<String> subscriptions) {
    if (!RUN_ID.matcher(p.resumeRunId()).matches()) {
      throw new InvalidPayloadException("resumeRunId must be a run id like r-20261126T030000Z-3fa85c");
    }
    if (mode != Mode.FULL) {
      throw new InvalidPayloadException("resumeRunId continues a full run: mode must be full or absent");
    }
    if (!organizations.isEmpty() || !customers.isEmpty() || !subscriptions.isEmpty()) {
      throw new InvalidPayloadException("resumeRunId cannot be combined with organizationIds, customerIds or"
          + " subscriptionIds: only full runs are resumable");
    }
    if (p.dryRun() != null || p.force() != null) {
      throw new InvalidPayloadException(
          "resumeRunId cannot be combined with dryRun or force: a resumed run keeps the settings it started with");
    }
    return RunRequest.resume(trigger(p.trigger()), p.resumeRunId());
  }

  private static Trigger trigger(String value) {
    if (value == null || value.equals("manual")) {
      return Trigger.MANUAL;
    }
    if (value.equals("schedule")) {
      return Trigger.SCHEDULE;
    }
    throw new InvalidPayloadException("unknown trigger '" + value + "' (expected manual or schedule)");
  }

  private static <T> List<T> nonNullElements(String field, List<T> values) {
    if (values == null) {
      return List.of();
    }
    if (values.stream().anyMatch(java.util.Objects::isNull)) {
      throw new InvalidPayloadException(field + " must not contain null");
    }
    return values;
  }

  private static List<String> shaped(String field, List<String> values, Predicate<String> valid, String shape) {
    List<String> checked = nonNullElements(field, values);
    for (int i = 0; i < checked.size(); i++) {
      if (!valid.test(checked.get(i))) {
        // the value is not echoed: a payload may carry anything, a pasted key included
        throw new InvalidPayloadException(field + "[" + i + "] is not a Stripe id (expected " + shape + ")");
      }
    }
    return checked;
  }

  private static String path(MismatchedInputException e) {
    String joined = e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
    return joined.replace(".[", "[");
  }

  private static String expected(String path) {
    if (path.startsWith("dryRun") || path.startsWith("force")) {
      return "a boolean (true or false)";
    }
    if (path.startsWith("organizationIds")) {
      return "an array of whole numbers";
    }
    if (path.startsWith("customerIds") || path.startsWith("subscriptionIds")) {
      return "an array of strings";
    }
    return "a string";
  }
}
