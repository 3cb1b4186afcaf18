"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { canAct, useSession } from "./hooks/use-session";
import { useCreateSnapshot } from "./hooks/use-snapshots";
import { card } from "./section";

/** "Share snapshot": freezes the board into a redacted, expiring, read-only link and copies it. Operators only. */
export function ShareSnapshot() {
  const session = useSession();
  const create = useCreateSnapshot();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [note, setNote] = useState("");
  const [days, setDays] = useState(7);
  const [engineerDetails, setEngineerDetails] = useState(false);
  const [copied, setCopied] = useState<boolean | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  // While open, Escape closes the popover and focus goes back to the button that opened it.
  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", closeOnEscape);
    return () => document.removeEventListener("keydown", closeOnEscape);
  }, [open]);
  if (!canAct(session.data)) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { title: title.trim() || undefined, note: note.trim() || undefined, expiresInDays: days, engineerDetails },
      {
        onSuccess: async (created) => {
          const link = new URL(created.url, window.location.origin).toString();
          setCopied(
            (await navigator.clipboard?.writeText(link).then(
              () => true,
              () => false,
            )) ?? false,
          );
        },
      },
    );
  };
  const link = create.data
    ? new URL(create.data.url, typeof window === "undefined" ? "http://localhost" : window.location.origin).toString()
    : null;

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-controls="share-snapshot-form"
        data-testid="share-snapshot"
        className="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium dark:border-slate-700"
      >
        Share snapshot
      </button>
      {open && (
        <form
          id="share-snapshot-form"
          onSubmit={submit}
          className={`${card} absolute right-0 z-10 mt-2 w-80 max-w-[90vw] space-y-2 text-sm`}
          aria-label="Share a snapshot"
        >
          <label className="block">
            Title
            <input
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              maxLength={200}
              className="mt-1 w-full rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
          <label className="block">
            Note
            <textarea
              value={note}
              onChange={(event) => setNote(event.target.value)}
              maxLength={5000}
              rows={3}
              className="mt-1 w-full rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
          <label className="block">
            Expires after (days, at most 90)
            <input
              type="number"
              min={1}
              max={90}
              value={days}
              onChange={(event) => setDays(Number(event.target.value))}
              className="mt-1 w-24 rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={engineerDetails} onChange={(event) => setEngineerDetails(event.target.checked)} />
            Include engineer details (log lines, PromQL, URLs; secrets are redacted)
          </label>
          <button
            type="submit"
            disabled={create.isPending}
            className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900"
          >
            {create.isPending ? "Creating…" : "Create link"}
          </button>
          {create.isError && (
            <p role="alert" className="text-red-800 dark:text-red-300">
              {create.error.message}
            </p>
          )}
          {link && (
            <p role="status" data-testid="snapshot-link" className="[overflow-wrap:anywhere]">
              {copied ? "Copied: " : "Link: "}
              <a href={link} className="underline">
                {link}
              </a>{" "}
              (expires {create.data!.expiresAt.slice(0, 10)})
            </p>
          )}
        </form>
      )}
    </div>
  );
}
