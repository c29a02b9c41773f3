package com.subscriptionreconciler.emulator;

/**
 * An error answer in Stripe's shape. Thrown inside request handling and turned into JSON at the
 * edge, so handlers read like the happy path.
 */
final class ApiError extends RuntimeException {

  static final String DOCS = "https://docs.stripe.com/error-codes/";

  final int status;
  final String type;
  final String code;
  final String param;

  ApiError(int status, String type, String code, String param, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  static ApiError invalid(String param, String message) {
    return new ApiError(400, "invalid_request_error", null, param, message);
  }

  static ApiError missing(String objectName, String id, String param) {
    return new ApiError(404, "invalid_request_error", "resource_missing", param,
        "No such " + objectName + ": '" + id + "'");
  }

  static ApiError unrecognizedUrl(String method, String path) {
    return new ApiError(404, "invalid_request_error", null, null,
        "Unrecognized request URL (" + method + ": " + path + "). Please see https://stripe.com/docs"
            + " or we can help at https://support.stripe.com/.");
  }
}
