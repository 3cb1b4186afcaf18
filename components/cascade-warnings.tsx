"use client";

import { useQuery } from "@tanstack/react-query";
import { cascadeWarningsSchema } from "@/lib/contracts/notify";
import type { Locale } from "@/lib/messages/types";
import { apiFetch } from "./hooks/api";

/** A line per problem of Cascade itself (a notification channel that keeps failing); the stack's status is untouched. */
export function CascadeWarnings({ locale }: { locale: Locale }) {
  const query = useQuery({
    queryKey: ["cascade-warnings", locale],
    queryFn: async () => cascadeWarningsSchema.parse(await apiFetch(`/api/board?view=summary&lang=${locale}`)).cascade?.warnings ?? [],
    refetchInterval: 30_000,
  });
  const warnings = query.data ?? [];
  if (warnings.length === 0) return null;
  return (
    <ul data-testid="cascade-warnings" className="space-y-1 text-sm text-amber-900 dark:text-amber-100">
      {warnings.map((warning) => (
        <li key={`${warning.kind} ${warning.channel}`}>! {warning.text}</li>
      ))}
    </ul>
  );
}
