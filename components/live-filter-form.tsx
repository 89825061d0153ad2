"use client";

import Form from "next/form";
import { type ComponentProps, type FormEvent, useEffect, useRef } from "react";

type Props = Omit<ComponentProps<typeof Form>, "onChange" | "action"> & {
  action: string;
  /** What the list on the page shows, by field name: the form is brought back to it whenever the URL changes. */
  values: Record<string, string>;
};

const SEARCH_DELAY_MS = 350;

/**
 * A GET filter form that applies as it changes: a choice at once, typing after a short pause. It
 * always shows what the list shows: when the view changes some other way (a "Clear all" link, Back),
 * every field the person is not typing in is set to the new view. Without JavaScript it is a plain
 * form with its Apply button.
 */
export function LiveFilterForm({ values, ...props }: Props) {
  const ref = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const shown = JSON.stringify(values);

  useEffect(() => {
    const form = ref.current;
    if (!form) return;
    for (const [name, value] of Object.entries(JSON.parse(shown) as Record<string, string>)) {
      const field = form.elements.namedItem(name);
      if ((field instanceof HTMLInputElement || field instanceof HTMLSelectElement) && field !== document.activeElement) field.value = value;
    }
  }, [shown]);

  useEffect(() => () => clearTimeout(timer.current), []);

  function onChange(event: FormEvent<HTMLFormElement>) {
    const field = event.target;
    clearTimeout(timer.current);
    if (field instanceof HTMLSelectElement) event.currentTarget.requestSubmit();
    else if (field instanceof HTMLInputElement && field.type === "search") {
      const form = event.currentTarget;
      timer.current = setTimeout(() => form.requestSubmit(), SEARCH_DELAY_MS);
    }
  }

  // A submit (Apply, Enter) replaces the pending one.
  return <Form ref={ref} onChange={onChange} onSubmit={() => clearTimeout(timer.current)} {...props} />;
}
