/** A CloudFormation API error, as CreateStack or ValidateTemplate would return it. */
export class CfnError extends Error {
  constructor(
    readonly code: "ValidationError" | "AlreadyExistsException" | "InsufficientCapabilitiesException",
    message: string,
    /** What is at fault (a template parameter, or a console field), so the console can point at it. */
    readonly target?: { parameter: string } | { field: "stackName" | "accountId" | "capabilities" },
  ) {
    super(message);
  }
}

/** A template CloudFormation would refuse before creating anything. */
export function templateError(message: string): CfnError {
  return new CfnError("ValidationError", message);
}

/** A resource that fails during creation: the stack rolls back with this reason. */
export class ResourceFailure extends Error {
  constructor(
    readonly logicalId: string,
    message: string,
  ) {
    super(message);
  }
}

/** A stack set resource that failed after its stack set was made: the rollback deletes it by this id. */
export class StackSetFailure extends ResourceFailure {
  constructor(
    logicalId: string,
    message: string,
    readonly physicalId: string,
  ) {
    super(logicalId, message);
  }
}
