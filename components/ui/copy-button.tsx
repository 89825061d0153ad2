"use client";

import { useState } from "react";

/** Copies a value to the clipboard and says so. */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
    setTimeout(() => setCopied("idle"), 2000);
  }
  return (
    <button
      type="button"
      onClick={copy}
      className="inline-flex shrink-0 items-center rounded-md bg-white px-2.5 py-1.5 text-xs font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
    >
      <span aria-live="polite">{copied === "copied" ? "Copied" : copied === "failed" ? "Press Ctrl+C to copy" : label}</span>
    </button>
  );
}

/** A read-only value in monospace with a copy button beside it. */
export function CopyField({ label, value, id }: { label: string; value: string; id: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="flex items-start gap-2">
        {/* A text area so that a long value wraps and is seen whole on a phone; it grows to its content. */}
        <textarea
          id={id}
          readOnly
          rows={1}
          value={value}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full resize-none rounded-md border-0 bg-slate-50 px-3 py-2 font-mono text-sm break-all text-slate-900 ring-1 ring-inset ring-slate-200 field-sizing-content"
        />
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}
