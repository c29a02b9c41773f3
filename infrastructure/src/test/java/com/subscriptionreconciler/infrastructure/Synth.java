package com.subscriptionreconciler.infrastructure;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** Synthesizes the app once for a context and keeps what the tests look at. */
record Synth(SubscriptionReconcilerStack stack, Template template, Annotations annotations) {

    static final Path MODULE_DIR = Path.of("").toAbsolutePath();
    static final String DUMMY_ASSET = MODULE_DIR.resolve("src/test/resources/dummy-lambda-asset").toString();

    /** A fresh environment: create the VPC and the database (what cdk.json's defaults do). */
    static Map<String, Object> createContext() {
        Map<String, Object> context = new HashMap<>();
        context.put("lambdaJarPath", DUMMY_ASSET);
        return context;
    }

    /** The common production case: an existing VPC and RDS database, given as -c strings would be. */
    static Map<String, Object> importContext() {
        Map<String, Object> context = new HashMap<>();
        context.put("lambdaJarPath", DUMMY_ASSET);
        context.put("account", "123456789012");
        context.put("region", "eu-west-1");
        context.put("vpcMode", "import");
        context.put("vpcId", "vpc-0a1b2c3d4e5f60718");
        context.put("vpcAvailabilityZones", "eu-west-1a,eu-west-1b");
        context.put("vpcPrivateSubnetIds", List.of("subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"));
        context.put("vpcHasNatEgress", "true");
        context.put("databaseMode", "import");
        context.put("databaseEndpoint", "billing.cluster-abc123.eu-west-1.rds.amazonaws.com");
        context.put("databasePort", "3307");
        context.put("databaseName", "app");
        context.put("databaseSecurityGroupId", "sg-0123456789abcdef0");
        context.put("databaseSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/db-AbC123");
        return context;
    }

    /**
     * CDK's feature flags as cdk.json sets them (every "@aws-cdk/..." key), so the tests synthesize what
     * {@code cdk synth} does: a flag can add resources (and cdk-nag findings) or change properties.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> featureFlags() {
        try {
            Map<String, Object> cdkJson = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                    MODULE_DIR.getParent().resolve("cdk.json").toFile(), Map.class);
            Map<String, Object> flags = new HashMap<>();
            ((Map<String, Object>) cdkJson.get("context")).forEach((key, value) -> {
                if (key.startsWith("@aws-cdk")) {
                    flags.put(key, value);
                }
            });
            return flags;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the repository's cdk.json", e);
        }
    }

    static Synth of(Map<String, Object> context) {
        Map<String, Object> withFlags = new HashMap<>(featureFlags());
        withFlags.putAll(context);
        App app = new App(AppProps.builder().context(withFlags).build());
        SubscriptionReconcilerStack stack = SubscriptionReconcilerApp.build(app, MODULE_DIR);
        Template template = Template.fromStack(stack);
        return new Synth(stack, template, Annotations.fromStack(stack));
    }

    List<SynthesisMessage> nagErrors() {
        return annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    }

    List<SynthesisMessage> nagWarnings() {
        return annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    }

    /** The resources of one type, logical id to resource. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> result = new HashMap<>();
        template.findResources(type).forEach((id, resource) -> result.put(id, (Map<String, Object>) resource));
        return result;
    }

    /**
     * The resources of one type that this stack defines, without CDK's own custom-resource providers (logical ids
     * starting "Custom", e.g. the handler the restrictDefaultSecurityGroup feature flag adds to a created VPC).
     */
    Map<String, Map<String, Object>> ownResources(String type) {
        Map<String, Map<String, Object>> result = new HashMap<>(resources(type));
        result.keySet().removeIf(id -> id.startsWith("Custom"));
        return result;
    }

    /** The only resource of a type the stack defines (fails if there are none or several). */
    Map<String, Object> single(String type) {
        Map<String, Map<String, Object>> found = ownResources(type);
        if (found.size() != 1) {
            throw new AssertionError("Expected exactly one " + type + " but found " + found.keySet());
        }
        return found.values().iterator().next();
    }

    /** The Properties of the only resource of a type. */
    @SuppressWarnings("unchecked")
    Map<String, Object> props(String type) {
        return (Map<String, Object>) single(type).get("Properties");
    }

    /** Logical id of the only resource of a type. */
    String logicalId(String type) {
        single(type);
        return ownResources(type).keySet().iterator().next();
    }

    /**
     * Renders a CloudFormation value as text: Fn::Join is joined, Ref AWS::Partition is "aws", other Refs are
     * "${Ref:Id}" and GetAtts "${Id.Attr}". Lets tests compare ARNs exactly.
     */
    @SuppressWarnings("unchecked")
    static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey("Fn::Join")) {
                List<Object> args = (List<Object>) map.get("Fn::Join");
                String separator = (String) args.get(0);
                return String.join(separator, ((List<Object>) args.get(1)).stream().map(Synth::render).toList());
            }
            if (map.containsKey("Ref")) {
                Object ref = map.get("Ref");
                return "AWS::Partition".equals(ref) ? "aws" : "${Ref:" + ref + "}";
            }
            if (map.containsKey("Fn::GetAtt")) {
                List<Object> args = (List<Object>) map.get("Fn::GetAtt");
                return "${" + args.get(0) + "." + args.get(1) + "}";
            }
        }
        return String.valueOf(value);
    }

    /** All IAM policy statements of all AWS::IAM::Policy resources. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> policyStatements() {
        return resources("AWS::IAM::Policy").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .map(p -> (Map<String, Object>) p.get("PolicyDocument"))
                .flatMap(d -> ((List<Map<String, Object>>) d.get("Statement")).stream())
                .toList();
    }

    /** The statements of every policy but those whose logical id starts with {@code prefix} (a construct's). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> policyStatementsExcept(String prefix) {
        return resources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> !e.getKey().startsWith(prefix))
                .map(e -> (Map<String, Object>) e.getValue().get("Properties"))
                .map(p -> (Map<String, Object>) p.get("PolicyDocument"))
                .flatMap(d -> ((List<Map<String, Object>>) d.get("Statement")).stream())
                .toList();
    }

    /** The statement with the given Sid. */
    Map<String, Object> statement(String sid) {
        return policyStatements().stream().filter(s -> sid.equals(s.get("Sid"))).findFirst()
                .orElseThrow(() -> new AssertionError("No policy statement " + sid + " in " + policyStatements()));
    }

    /** The one statement that grants {@code action}. */
    Map<String, Object> statementWithAction(String action) {
        List<Map<String, Object>> found = policyStatements().stream()
                .filter(s -> asList(s.get("Action")).contains(action)).toList();
        if (found.size() != 1) {
            throw new AssertionError("Expected one statement with " + action + " but found " + found);
        }
        return found.get(0);
    }

    /** A statement's Action or Resource as a list of rendered strings. */
    static List<String> asList(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(Synth::render).toList();
        }
        return List.of(render(value));
    }

    /** The alarm with the given name suffix (alarm names are "<stack>-<id>"). */
    @SuppressWarnings("unchecked")
    Map<String, Object> alarm(String id) {
        return resources("AWS::CloudWatch::Alarm").values().stream()
                .map(r -> (Map<String, Object>) r.get("Properties"))
                .filter(p -> String.valueOf(p.get("AlarmName")).endsWith("-" + id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No alarm named *-" + id));
    }

    /** The function's environment variables. */
    @SuppressWarnings("unchecked")
    Map<String, Object> environment() {
        Map<String, Object> env = (Map<String, Object>) props("AWS::Lambda::Function").get("Environment");
        return (Map<String, Object>) env.get("Variables");
    }

    static Map<String, Object> with(Map<String, Object> base, Object... keyValues) {
        Map<String, Object> context = new HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            context.put((String) keyValues[i], keyValues[i + 1]);
        }
        return context;
    }
}
