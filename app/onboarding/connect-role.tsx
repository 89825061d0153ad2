"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import { FailureExplanation } from "@/components/failure-explanation";
import { Alert, FormMessage } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { VerificationChecks } from "@/components/verification-checks";
import { addConnectionAction } from "@/lib/actions/connections/add-connection";
import { verifyConnectionAction } from "@/lib/actions/connections/verify-connection";
import type { CheckId } from "@/lib/aws/checks";
import type { VerificationProgress, VerificationResult } from "@/lib/aws/verify";
import { LAUNCHED_EVENT, launchedRecently } from "./launch-record";
import { useCountdown } from "./use-countdown";

type Phase = "editing" | "saving" | "verifying";
const UNREACHABLE = "Rolegate could not be reached, so the check did not finish. Try again.";

/** The account id an ARN names, said back before the check (the server parses it properly). */
function accountOf(arn: string): string | undefined {
  return /^arn:aws[\w-]*:iam::(\d{12}):role\//.exec(arn.trim())?.[1];
}

/**
 * Step 3: paste the RoleArn and "Connect" — saved as a draft and verified at once, each check shown
 * as it runs. IAM propagation is waited for only when this tab launched the stack a short time ago
 * or the customer asks to keep waiting; meanwhile a countdown and "Change ARN". After a failure the
 * ARN stays editable here, and a corrected one replaces the draft.
 */
export function ConnectRole({ partition, draft, propagationWindowMs }: { partition: string; draft?: { id: string; roleArn: string; lastFailure: string | null }; propagationWindowMs: number }) {
  const router = useRouter();
  const [roleArn, setRoleArn] = useState(draft?.roleArn ?? "");
  const [draftId, setDraftId] = useState(draft?.id);
  const [phase, setPhase] = useState<Phase>("editing");
  const [fieldErrors, setFieldErrors] = useState<string[]>();
  const [checks, setChecks] = useState<Partial<Record<CheckId, VerificationProgress>>>({});
  const [result, setResult] = useState<VerificationResult>();
  const [refused, setRefused] = useState<string>();
  const [waited, setWaited] = useState(false);
  const [waitUntil, setWaitUntil] = useState<number>();
  const [shown, setShown] = useState(0);
  const run = useRef(0);
  const field = useRef<HTMLInputElement>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const secondsLeft = useCountdown(waitUntil);
  // Without JavaScript the form still saves the ARN (the check itself needs the page's script).
  const [noScript, saveWithoutScript] = useActionState(addConnectionAction, {});

  // Back from the AWS tab after a launch: the cursor waits in the empty field, ready for the paste.
  useEffect(() => {
    let launched = false;
    const onLaunch = () => void (launched = true);
    const onReturn = () => {
      if (!launched || document.visibilityState !== "visible") return;
      launched = false;
      if (field.current && !field.current.value) field.current.focus();
    };
    window.addEventListener(LAUNCHED_EVENT, onLaunch);
    window.addEventListener("focus", onReturn);
    document.addEventListener("visibilitychange", onReturn);
    return () => {
      window.removeEventListener(LAUNCHED_EVENT, onLaunch);
      window.removeEventListener("focus", onReturn);
      document.removeEventListener("visibilitychange", onReturn);
    };
  }, []);

  // The outcome is where the eye and the screen reader go next, on a phone too.
  useEffect(() => {
    if (shown === 0 || !outcome.current) return;
    outcome.current.scrollIntoView({ block: "center", behavior: "smooth" });
    outcome.current.focus({ preventScroll: true });
  }, [shown]);

  function finish(next: { result?: VerificationResult; refused?: string }) {
    setResult(next.result);
    setRefused(next.refused);
    setWaitUntil(undefined);
    setPhase("editing");
    setShown((n) => n + 1);
  }

  async function connect(keepWaiting: boolean) {
    const token = ++run.current;
    setFieldErrors(undefined);
    setRefused(undefined);
    setResult(undefined);
    setChecks({});
    setPhase("saving");
    const form = new FormData();
    form.set("roleArn", roleArn);
    if (draftId) form.set("replaces", draftId);
    const saved = await addConnectionAction({}, form).catch(() => null);
    if (token !== run.current) return;
    if (!saved) return finish({ refused: UNREACHABLE });
    if (!saved.ok || !saved.data) {
      setFieldErrors(saved.fieldErrors?.roleArn);
      setPhase("editing");
      if (!saved.fieldErrors?.roleArn) finish({ refused: saved.message ?? UNREACHABLE });
      else field.current?.focus();
      return;
    }
    const { id } = saved.data;
    setDraftId(id);
    const url = new URL(window.location.href);
    url.searchParams.set("connection", id);
    window.history.replaceState(window.history.state, "", url);
    const wait = keepWaiting || launchedRecently();
    setWaited(wait);
    setPhase("verifying");
    const startedAt = Date.now();
    let ended: VerificationResult | undefined;
    try {
      const stream = await verifyConnectionAction({ connectionId: id, trigger: "onboarding", waitForPropagation: wait });
      const reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (token !== run.current) return void reader.cancel().catch(() => {});
        if (done) break;
        if (value.type === "progress") {
          const { check } = value;
          setChecks((current) => ({ ...current, [check.id]: check }));
          if (wait && check.id === "assume-role" && check.state === "waiting") setWaitUntil((at) => at ?? startedAt + propagationWindowMs);
        } else if (value.type === "done") {
          ended = value.result;
          setChecks(Object.fromEntries(value.result.checks.map((c) => [c.id, c])));
        } else return finish({ refused: value.message });
      }
    } catch {
      if (token === run.current) finish({ refused: UNREACHABLE });
      return;
    }
    if (token !== run.current) return;
    if (!ended) return finish({ refused: UNREACHABLE });
    finish({ result: ended });
    if (ended.status === "verified") router.replace(`/onboarding?connection=${id}`);
  }

  function changeArn() {
    run.current++; // the running check ends on the server; its outcome no longer matters here
    setWaitUntil(undefined);
    setPhase("editing");
    setChecks({});
    field.current?.focus();
    field.current?.select();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void connect(false);
  }

  const busy = phase !== "editing";
  const account = accountOf(roleArn);
  const started = phase === "verifying" || result !== undefined;
  const mayKeepWaiting = phase === "editing" && result?.failure?.code === "access-denied" && !waited;
  return (
    <div className="space-y-4">
      <form action={saveWithoutScript} onSubmit={submit} className="space-y-3" noValidate>
        {noScript.message ? <FormMessage state={noScript} /> : null}
        <Field
          ref={field}
          label="Role ARN"
          name="roleArn"
          required
          autoComplete="off"
          spellCheck={false}
          placeholder={`arn:${partition}:iam::123456789012:role/RolegateAccess`}
          hint="The RoleArn value from the stack's Outputs tab."
          value={roleArn}
          onChange={(e) => setRoleArn(e.target.value)}
          readOnly={busy}
          errors={fieldErrors ?? noScript.fieldErrors?.roleArn}
          className="font-mono"
        />
        <p className="text-sm text-slate-700" aria-live="polite">
          {account && !fieldErrors ? (
            <>
              Account <span className="font-mono font-semibold">{account}</span> will be connected.
            </>
          ) : null}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" pending={busy} pendingLabel={phase === "saving" ? "Connecting…" : "Verifying…"}>
            Connect
          </Button>
          {mayKeepWaiting ? (
            <Button type="button" variant="secondary" onClick={() => void connect(true)}>
              Keep waiting
            </Button>
          ) : null}
        </div>
      </form>
      {phase === "verifying" && secondsLeft !== undefined ? (
        <div role="status" className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          <p>
            Waiting for AWS to make the new role usable: we keep trying for <span className="font-semibold tabular-nums">{secondsLeft} s</span> more.
          </p>
          <Button type="button" variant="secondary" onClick={changeArn}>
            Change ARN
          </Button>
        </div>
      ) : null}
      {started ? <VerificationChecks checks={checks} /> : null}
      <div ref={outcome} tabIndex={-1} className="space-y-3 outline-none">
        {!started && !refused && draft?.lastFailure ? <p className="text-sm text-red-800">Last check: {draft.lastFailure}</p> : null}
        {refused ? <Alert tone="error">{refused}</Alert> : null}
        {result?.status === "verified" ? <Alert tone="success" title="Access verified">Rolegate can assume this role, only with your External ID, and the role grants the access it needs.</Alert> : null}
        {result && result.status !== "verified" && result.failure ? <FailureExplanation status={result.status} failure={result.failure} checks={result.checks} /> : null}
        {mayKeepWaiting ? (
          <p className="text-sm text-slate-600">
            Created the stack just now? AWS can take up to a minute to make a new role usable: <strong>Keep waiting</strong> tries again for that long. Otherwise correct the ARN above and connect again.
          </p>
        ) : null}
      </div>
    </div>
  );
}
