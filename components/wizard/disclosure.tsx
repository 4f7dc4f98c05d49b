"use client";

import { useId, useState, type ReactNode } from "react";

/** A folded section ("Advanced"). `forceOpen` unfolds it when a message inside must be seen. */
export function Disclosure({ title, children, forceOpen = false, defaultOpen = false }: { title: string; children: ReactNode; forceOpen?: boolean; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  const shown = open || forceOpen;
  return (
    <div className="rounded-md border border-slate-200 dark:border-slate-700">
      <button
        type="button"
        aria-expanded={shown}
        aria-controls={id}
        onClick={() => setOpen(!shown)}
        className="flex w-full items-center justify-between px-4 py-2 text-left text-sm font-medium"
      >
        {title}
        <span aria-hidden="true">{shown ? "−" : "+"}</span>
      </button>
      <div id={id} hidden={!shown} className="border-t border-slate-200 p-4 dark:border-slate-700">
        {children}
      </div>
    </div>
  );
}
