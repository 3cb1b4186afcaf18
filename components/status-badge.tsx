import type { Tone } from "@/lib/format/container-status";

const STYLES: Record<Tone, { className: string; icon: string; label: string }> = {
  ok: { className: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200", icon: "✓", label: "OK" },
  warn: { className: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200", icon: "!", label: "Warning" },
  bad: { className: "bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200", icon: "✗", label: "Failing" },
  unknown: { className: "bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200", icon: "?", label: "Unknown" },
};

/** Colour is never the only signal: every badge carries an icon and words. */
export function StatusBadge({ tone, children }: { tone: Tone; children?: React.ReactNode }) {
  const style = STYLES[tone];
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-md px-2 py-0.5 text-sm font-medium ${style.className}`}
    >
      <span aria-hidden="true">{style.icon}</span>
      <span>{children ?? style.label}</span>
    </span>
  );
}
