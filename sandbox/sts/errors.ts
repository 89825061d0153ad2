/** An STS error as the service reports it: an error code, an HTTP status and a message. */
export class StsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
  }
}

// Messages are AWS's own wording, so clients that match on them behave as they would against AWS.
export const stsError = {
  accessDenied: (callerArn: string, roleArn: string) =>
    new StsError("AccessDenied", 403, `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`),
  validation: (message: string) => new StsError("ValidationError", 400, message),
  invalidClientTokenId: () => new StsError("InvalidClientTokenId", 403, "The security token included in the request is invalid."),
  expiredToken: () => new StsError("ExpiredToken", 400, "The security token included in the request is expired"),
  signatureDoesNotMatch: (
    message = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  ) => new StsError("SignatureDoesNotMatch", 403, message),
  incompleteSignature: (message: string) => new StsError("IncompleteSignature", 400, message),
  missingAuthenticationToken: () => new StsError("MissingAuthenticationToken", 403, "Request is missing Authentication Token"),
  missingAction: () => new StsError("MissingAction", 400, "Missing Action"),
  invalidAction: (action: string, version: string) =>
    new StsError("InvalidAction", 400, `Could not find operation ${action} for version ${version}`),
  throttling: () => new StsError("Throttling", 400, "Rate exceeded"),
  regionDisabled: (accountId: string) =>
    new StsError(
      "RegionDisabledException",
      403,
      `STS is not activated in this region for account:${accountId}. Your account administrator can activate STS in this region using the IAM Console.`,
    ),
  tooLarge: () => new StsError("RequestEntityTooLarge", 413, "Request body is too large"),
  internal: () => new StsError("InternalFailure", 500, "An internal error occurred", "Receiver"),
};
