import type { StackDeps } from "../cfn/create-stack";
import { ResponseBox } from "../cfn/responses";
import type { SandboxStore } from "../state/store";

/** Stack dependencies without SNS: enough for templates with no custom resource. */
export function stackDepsWithoutSns(store: SandboxStore): StackDeps {
  const publish = () => {
    throw new Error("no SNS in this test");
  };
  return { store, log: () => {}, custom: { publish, responses: new ResponseBox(Buffer.alloc(32), () => "http://sandbox.invalid", Date.now) } };
}
