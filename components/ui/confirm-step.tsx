"use client";

import type { ReactNode } from "react";
import { Button } from "./button";

type Props = {
  /** Whether this row's confirmation is open. */
  open: boolean;
  onOpen: () => void;
  onCancel: () => void;
  /** The form action that does it, and whether it is running. */
  action: (formData: FormData) => void;
  pending: boolean;
  /** Hidden fields the action reads. */
  fields: Record<string, string>;
  /** The button that opens the confirmation, and its accessible name. */
  label: string;
  name: string;
  /** What confirming does, said before it is done. */
  question: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
};

/** A destructive row action that asks first: one button opens a small form that says what will happen. */
export function ConfirmStep(props: Props) {
  const small = "px-2.5 py-1 text-xs";
  if (!props.open) {
    return (
      <Button type="button" variant="danger" onClick={props.onOpen} aria-label={props.name} className={small}>
        {props.label}
      </Button>
    );
  }
  return (
    <form action={props.action} aria-label={`Confirm: ${props.name}`} className="w-56 space-y-2 text-xs">
      {Object.entries(props.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <p>{props.question}</p>
      <div className="flex gap-1">
        <Button type="submit" variant="danger" pending={props.pending} pendingLabel={props.pendingLabel} className={small}>
          {props.confirmLabel}
        </Button>
        <Button type="button" variant="secondary" onClick={props.onCancel} className={small}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
