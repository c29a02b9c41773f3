package com.subscriptionreconciler.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a state machine definition (Amazon States Language) in-process, for a test: exactly the features the
 * stack's full-run driver uses and no more. Anything else (a state type, a field, a JSONPath form, an intrinsic,
 * a retry that would fire) throws {@link Unsupported}, so a change to the definition cannot pass unnoticed as a
 * feature this interpreter silently ignores.
 *
 * <p>Wait states are not waited: they are counted ({@link Execution#waitsSkipped()}). Task states call the
 * {@link Resource} registered under their {@code Resource} ARN with the resolved {@code Parameters}.
 */
final class StatesLanguageInterpreter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> MACHINE_FIELDS = Set.of("StartAt", "States", "TimeoutSeconds", "Comment");
  private static final Set<String> PROCESSOR_FIELDS = Set.of("StartAt", "States", "ProcessorConfig");
  private static final Map<String, Set<String>> STATE_FIELDS = Map.of(
      "Pass", Set.of("Type", "Comment", "Next", "End", "Result", "Parameters", "ResultPath", "OutputPath"),
      "Task", Set.of("Type", "Comment", "Next", "End", "Resource", "Parameters", "ResultSelector", "ResultPath",
          "OutputPath", "TimeoutSeconds", "Retry", "Catch"),
      "Choice", Set.of("Type", "Comment", "Choices", "Default", "OutputPath"),
      "Wait", Set.of("Type", "Comment", "Next", "End", "Seconds"),
      "Map", Set.of("Type", "Comment", "Next", "End", "ItemsPath", "ItemSelector", "Parameters", "ItemProcessor",
          "MaxConcurrency", "ResultPath", "OutputPath"),
      "Succeed", Set.of("Type", "Comment", "OutputPath"),
      "Fail", Set.of("Type", "Comment", "Error", "Cause"));
  private static final Pattern INTRINSIC = Pattern.compile("(States\\.[A-Za-z]+)\\((.*)\\)");

  /** A task's integration, e.g. {@code arn:aws:states:::lambda:invoke}. */
  @FunctionalInterface
  interface Resource {
    /** @return the task's raw result; throw {@link TaskFailed} for an error the definition may catch */
    JsonNode call(JsonNode parameters) throws TaskFailed;
  }

  /** A task's error, as Step Functions names it (a Lambda function's error type is its exception's class). */
  static final class TaskFailed extends Exception {
    final String error;

    TaskFailed(String error, String cause) {
      super(cause);
      this.error = error;
    }
  }

  /** The definition uses something this interpreter does not implement. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String what) {
      super("not implemented by the test's interpreter: " + what);
    }
  }

  /** How an execution ended: SUCCEEDED with an output, or FAILED with an error and cause. */
  record Execution(String status, JsonNode output, String error, String cause, List<String> visited,
                   int waitsSkipped) {}

  private final JsonNode definition;
  private final Map<String, Resource> resources;
  private final List<String> visited = new ArrayList<>();
  private int waitsSkipped;

  StatesLanguageInterpreter(JsonNode definition, Map<String, Resource> resources) {
    this.definition = definition;
    this.resources = resources;
  }

  Execution execute(JsonNode input) {
    onlyFields("the state machine", definition, MACHINE_FIELDS);
    Outcome outcome = run(definition, input, NODES.objectNode());
    return new Execution(outcome.failed() ? "FAILED" : "SUCCEEDED", outcome.output, outcome.error, outcome.cause,
        List.copyOf(visited), waitsSkipped);
  }

  private record Outcome(JsonNode output, String error, String cause) {
    boolean failed() {
      return error != null;
    }
  }

  /** One machine (the top level or a Map's ItemProcessor) from StartAt to a terminal state. */
  private Outcome run(JsonNode machine, JsonNode input, ObjectNode context) {
    JsonNode states = machine.get("States");
    String name = machine.get("StartAt").asText();
    JsonNode data = input;
    while (true) {
      JsonNode state = states.get(name);
      if (state == null) {
        throw new Unsupported("a transition to a state that does not exist: " + name);
      }
      visited.add(name);
      String type = state.path("Type").asText();
      Set<String> allowed = STATE_FIELDS.get(type);
      if (allowed == null) {
        throw new Unsupported("state type " + type + " (" + name + ")");
      }
      onlyFields(name, state, allowed);
      Step step = switch (type) {
        case "Pass" -> pass(state, data, context);
        case "Task" -> task(name, state, data, context);
        case "Choice" -> new Step(outputPath(state, data), choose(name, state, data));
        case "Wait" -> wait(name, state, data);
        case "Map" -> map(name, state, data, context);
        case "Succeed" -> new Step(null, null, new Outcome(outputPath(state, data), null, null));
        case "Fail" -> new Step(null, null,
            new Outcome(null, state.path("Error").asText(), state.path("Cause").asText()));
        default -> throw new Unsupported("state type " + type);
      };
      if (step.end != null) {
        return step.end;
      }
      data = step.data;
      if (step.next == null) {
        return new Outcome(data, null, null);
      }
      name = step.next;
    }
  }

  /** Where a state leads: the next state with its data, or the machine's end (succeeded or failed). */
  private record Step(JsonNode data, String next, Outcome end) {
    Step(JsonNode data, String next) {
      this(data, next, null);
    }
  }

  private Step pass(JsonNode state, JsonNode data, ObjectNode context) {
    JsonNode result = state.has("Result") ? state.get("Result")
        : state.has("Parameters") ? template(state.get("Parameters"), data, context) : data;
    return new Step(outputPath(state, resultPath(state, data, result)), next(state));
  }

  private Step task(String name, JsonNode state, JsonNode data, ObjectNode context) {
    String arn = state.path("Resource").asText();
    Resource resource = resources.get(arn);
    if (resource == null) {
      throw new Unsupported("task resource " + arn + " (" + name + ")");
    }
    JsonNode parameters = state.has("Parameters") ? template(state.get("Parameters"), data, context) : data;
    JsonNode result;
    try {
      result = resource.call(parameters);
    } catch (TaskFailed failed) {
      for (JsonNode retrier : state.path("Retry")) {
        onlyFields(name + " Retry", retrier, Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate"));
        if (matches(retrier.get("ErrorEquals"), failed.error)) {
          throw new Unsupported("a retry of " + failed.error + " (" + name + ")");
        }
      }
      for (JsonNode catcher : state.path("Catch")) {
        onlyFields(name + " Catch", catcher, Set.of("ErrorEquals", "ResultPath", "Next"));
        if (matches(catcher.get("ErrorEquals"), failed.error)) {
          ObjectNode error = NODES.objectNode().put("Error", failed.error).put("Cause", failed.getMessage());
          JsonNode caught = catcher.has("ResultPath") ? resultPath(catcher, data, error) : error;
          return new Step(caught, catcher.get("Next").asText());
        }
      }
      return new Step(null, null, new Outcome(null, failed.error, failed.getMessage()));
    }
    if (state.has("ResultSelector")) {
      result = template(state.get("ResultSelector"), result, context);
    }
    return new Step(outputPath(state, resultPath(state, data, result)), next(state));
  }

  private static boolean matches(JsonNode errorEquals, String error) {
    for (JsonNode name : errorEquals) {
      String text = name.asText();
      if (text.equals(error) || text.equals("States.ALL")) {
        return true;
      }
      if (text.startsWith("States.") && !text.equals("States.Timeout")) {
        throw new Unsupported("error name " + text);
      }
    }
    return false;
  }

  private Step wait(String name, JsonNode state, JsonNode data) {
    if (!state.path("Seconds").isInt()) {
      throw new Unsupported("a Wait without a fixed Seconds (" + name + ")");
    }
    waitsSkipped++;
    return new Step(data, next(state));
  }

  private Step map(String name, JsonNode state, JsonNode data, ObjectNode context) {
    if (state.has("ItemSelector") && state.has("Parameters")) {
      throw new Unsupported("ItemSelector and Parameters together (" + name + ")");
    }
    JsonNode processor = state.get("ItemProcessor");
    onlyFields(name + " ItemProcessor", processor, PROCESSOR_FIELDS);
    JsonNode config = processor.path("ProcessorConfig");
    if (!config.isMissingNode() && !"INLINE".equals(config.path("Mode").asText("INLINE"))) {
      throw new Unsupported("a Map processor mode other than INLINE (" + name + ")");
    }
    onlyFields(name + " ProcessorConfig", config.isMissingNode() ? NODES.objectNode() : config, Set.of("Mode"));
    JsonNode items = path(state.path("ItemsPath").asText("$"), data, context);
    if (!items.isArray()) {
      throw new IllegalStateException(name + ": ItemsPath selects no array: " + items);
    }
    JsonNode selector = state.has("ItemSelector") ? state.get("ItemSelector") : state.get("Parameters");
    ArrayNode results = NODES.arrayNode();
    // MaxConcurrency only bounds parallelism; one at a time is always a valid schedule
    for (int i = 0; i < items.size(); i++) {
      ObjectNode itemContext = context.deepCopy();
      itemContext.putObject("Map").putObject("Item").put("Index", i).set("Value", items.get(i));
      JsonNode itemInput = selector == null ? items.get(i) : template(selector, data, itemContext);
      Outcome iteration = run(processor, itemInput, itemContext);
      if (iteration.failed()) {
        return new Step(null, null, iteration);
      }
      results.add(iteration.output);
    }
    return new Step(outputPath(state, resultPath(state, data, results)), next(state));
  }

  private String choose(String name, JsonNode state, JsonNode data) {
    for (JsonNode rule : state.get("Choices")) {
      if (holds(rule, data)) {
        return rule.get("Next").asText();
      }
    }
    if (!state.has("Default")) {
      throw new IllegalStateException(name + ": no choice matched and there is no Default (States.NoChoiceMatched)");
    }
    return state.get("Default").asText();
  }

  private boolean holds(JsonNode rule, JsonNode data) {
    List<String> fields = new ArrayList<>();
    rule.fieldNames().forEachRemaining(fields::add);
    fields.remove("Next");
    if (fields.equals(List.of("And")) || fields.equals(List.of("Or"))) {
      boolean and = fields.get(0).equals("And");
      for (JsonNode part : rule.get(fields.get(0))) {
        if (holds(part, data) != and) {
          return !and;
        }
      }
      return and;
    }
    if (fields.equals(List.of("Not"))) {
      return !holds(rule.get("Not"), data);
    }
    fields.remove("Variable");
    if (fields.size() != 1 || !rule.has("Variable")) {
      throw new Unsupported("a choice rule of the form " + rule);
    }
    String operator = fields.get(0);
    JsonNode value = path(rule.get("Variable").asText(), data, NODES.objectNode());
    JsonNode expected = rule.get(operator);
    return switch (operator) {
      case "StringEquals" -> value.isTextual() && value.asText().equals(expected.asText());
      case "BooleanEquals" -> value.isBoolean() && value.asBoolean() == expected.asBoolean();
      case "NumericEquals" -> value.isNumber() && value.decimalValue().compareTo(expected.decimalValue()) == 0;
      case "NumericLessThan" -> value.isNumber() && value.decimalValue().compareTo(expected.decimalValue()) < 0;
      case "NumericGreaterThan" -> value.isNumber() && value.decimalValue().compareTo(expected.decimalValue()) > 0;
      default -> throw new Unsupported("choice operator " + operator);
    };
  }

  /** Parameters, ItemSelector, ResultSelector: fields ending in {@code .$} are paths or intrinsics. */
  private JsonNode template(JsonNode template, JsonNode data, ObjectNode context) {
    if (template.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().endsWith(".$")) {
          String key = field.getKey().substring(0, field.getKey().length() - 2);
          out.set(key, expression(field.getValue().asText(), data, context));
        } else {
          out.set(field.getKey(), template(field.getValue(), data, context));
        }
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = NODES.arrayNode();
      template.forEach(element -> out.add(template(element, data, context)));
      return out;
    }
    return template;
  }

  private JsonNode expression(String text, JsonNode data, ObjectNode context) {
    Matcher intrinsic = INTRINSIC.matcher(text);
    if (!intrinsic.matches()) {
      return path(text, data, context);
    }
    List<JsonNode> args = new ArrayList<>();
    for (String arg : intrinsic.group(2).split(",")) {
      String trimmed = arg.trim();
      if (trimmed.startsWith("$")) {
        args.add(path(trimmed, data, context));
      } else if (trimmed.startsWith("'") && trimmed.endsWith("'") && trimmed.length() >= 2) {
        args.add(NODES.textNode(trimmed.substring(1, trimmed.length() - 1)));
      } else if (trimmed.matches("-?\\d{1,9}")) {
        args.add(NODES.numberNode(Integer.parseInt(trimmed)));
      } else {
        throw new Unsupported("intrinsic argument " + trimmed);
      }
    }
    return switch (intrinsic.group(1)) {
      case "States.ArrayLength" -> NODES.numberNode(array(args, 1, text).size());
      case "States.ArrayContains" -> NODES.booleanNode(contains(array(args, 2, text), args.get(1)));
      case "States.MathAdd" -> {
        if (args.size() != 2 || !args.get(0).canConvertToInt() || !args.get(1).canConvertToInt()) {
          throw new IllegalStateException(text + ": MathAdd takes two integers, got " + args);
        }
        // as a JSON parser reads the sum back: an int when it fits (JSON has one number type)
        yield NODES.numberNode(Math.addExact(args.get(0).asInt(), args.get(1).asInt()));
      }
      default -> throw new Unsupported("intrinsic " + intrinsic.group(1));
    };
  }

  private static JsonNode array(List<JsonNode> args, int count, String text) {
    if (args.size() != count || !args.get(0).isArray()) {
      throw new IllegalStateException(text + ": expects an array first and " + count + " argument(s), got " + args);
    }
    return args.get(0);
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode element : array) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** The JSONPath subset: {@code $}, {@code $.a.b}, and {@code $$.a.b} on the context object. */
  private static JsonNode path(String path, JsonNode data, ObjectNode context) {
    JsonNode node;
    String rest;
    if (path.startsWith("$$")) {
      node = context;
      rest = path.substring(2);
    } else if (path.startsWith("$")) {
      node = data;
      rest = path.substring(1);
    } else {
      throw new Unsupported("a path that does not start with $: " + path);
    }
    if (rest.isEmpty()) {
      return node;
    }
    if (!rest.matches("(\\.[A-Za-z_][A-Za-z0-9_]*)+")) {
      throw new Unsupported("JSONPath " + path);
    }
    for (String field : rest.substring(1).split("\\.")) {
      if (!node.has(field)) {
        throw new IllegalStateException("path " + path + " selects nothing in " + data
            + " (States.Runtime in Step Functions)");
      }
      node = node.get(field);
    }
    return node;
  }

  /** {@code ResultPath}: absent or {@code $} replaces, JSON null discards, {@code $.a.b} sets into a copy. */
  private static JsonNode resultPath(JsonNode state, JsonNode data, JsonNode result) {
    if (!state.has("ResultPath")) {
      return result;
    }
    JsonNode where = state.get("ResultPath");
    if (where.isNull()) {
      return data;
    }
    String path = where.asText();
    if (path.equals("$")) {
      return result;
    }
    if (!path.matches("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)+") || !data.isObject()) {
      throw new Unsupported("ResultPath " + path + " on " + data);
    }
    ObjectNode copy = (ObjectNode) data.deepCopy();
    String[] fields = path.substring(2).split("\\.");
    ObjectNode target = copy;
    for (int i = 0; i < fields.length - 1; i++) {
      target = target.has(fields[i]) ? (ObjectNode) target.get(fields[i]) : target.putObject(fields[i]);
    }
    target.set(fields[fields.length - 1], result == null ? NullNode.getInstance() : result);
    return copy;
  }

  private static JsonNode outputPath(JsonNode state, JsonNode data) {
    if (!state.has("OutputPath")) {
      return data;
    }
    return path(state.get("OutputPath").asText(), data, NODES.objectNode());
  }

  private static String next(JsonNode state) {
    if (state.path("End").asBoolean(false)) {
      return null;
    }
    if (!state.has("Next")) {
      throw new IllegalStateException("a state with neither Next nor End: " + state);
    }
    return state.get("Next").asText();
  }

  private static void onlyFields(String where, JsonNode node, Set<String> allowed) {
    node.fieldNames().forEachRemaining(field -> {
      if (!allowed.contains(field)) {
        throw new Unsupported("field " + field + " in " + where);
      }
    });
  }
}
