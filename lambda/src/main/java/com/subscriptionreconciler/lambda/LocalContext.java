package com.subscriptionreconciler.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * The {@link Context} that {@link LocalInvoke}, the tests and the cold-start probe hand the handler: what the Lambda
 * runtime would pass for a function with the stack's settings (15 minutes, 1024 MB). The handler reads the request id
 * (for the log lines) and the remaining time (a full run pauses before it runs out); the rest is there so Powertools'
 * log fields look as they do in CloudWatch.
 *
 * @param remainingMillis what {@link #getRemainingTimeInMillis()} answers: the whole timeout, unless a test gives an
 *     invocation little time to make a full run pause and resume
 */
public record LocalContext(String awsRequestId, String functionName, int remainingMillis) implements Context {
  static final int TIMEOUT_MILLIS = 15 * 60 * 1000;
  static final String DEFAULT_FUNCTION_NAME = "subscription-reconciler";

  /** A context for one local invocation of the stack's function; also what tests and the cold-start probe use. */
  public static LocalContext of(String awsRequestId) {
    return new LocalContext(awsRequestId, DEFAULT_FUNCTION_NAME, TIMEOUT_MILLIS);
  }

  /** A local invocation of function {@code functionName} with the stack's whole timeout ahead of it. */
  public static LocalContext of(String awsRequestId, String functionName) {
    return new LocalContext(awsRequestId, functionName, TIMEOUT_MILLIS);
  }

  /** This invocation with only {@code millis} left: what makes a full run stop at its deadline and resume. */
  public LocalContext withRemainingMillis(int millis) {
    return new LocalContext(awsRequestId, functionName, millis);
  }

  @Override
  public String getAwsRequestId() {
    return awsRequestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:local:000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return remainingMillis;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.out.println(message);
      }

      @Override
      public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
