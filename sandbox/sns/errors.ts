import { StsError } from "../sts/errors";

// SNS's Query API errors have STS's shape (code, status, message in an ErrorResponse), so they share its class.
export const snsError = {
  invalidParameter: (what: string) => new StsError("InvalidParameter", 400, `Invalid parameter: ${what}`),
  notFound: (message: string) => new StsError("NotFound", 404, message),
  authorization: (callerArn: string, action: string, resource: string) =>
    new StsError("AuthorizationError", 403, `User: ${callerArn} is not authorized to perform: SNS:${action} on resource: ${resource}`),
  missingParameter: (name: string) => new StsError("ValidationError", 400, `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`),
};
