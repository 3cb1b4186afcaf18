"use client";

import { useQuery } from "@tanstack/react-query";
import { makeRenderer } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";
import { apiFetch } from "./hooks/api";
import { card } from "./section";

type DailyUptime = { until: string; parts: Record<string, (number | null)[]> };

const colour = (share: number | null) =>
  share === null ? "bg-slate-300 dark:bg-slate-700" : share >= 0.999 ? "bg-emerald-500" : share >= 0.95 ? "bg-amber-500" : "bg-red-600";
const label = (part: string) => part.replace(/^container:[^/]+\//, "").replace(/^dashboard:/, "");

/** One small bar per day and part for the last 90 days, as status pages draw it (grey: nobody watched). */
export function UptimeBars({ locale }: { locale: Locale }) {
  const { text } = makeRenderer(locale, new Date());
  const daily = useQuery({
    queryKey: ["uptime-daily"],
    queryFn: () => apiFetch<DailyUptime>("/api/uptime/daily"),
    refetchInterval: 60_000,
  });
  const parts = Object.entries(daily.data?.parts ?? {});
  if (parts.length === 0) return null;
  return (
    <div className={`${card} space-y-2 text-sm`} data-testid="uptime-bars">
      <h2 className="font-semibold">{text({ key: "incident.page.uptime", params: {} })}</h2>
      {parts.map(([part, days]) => (
        <div key={part} className="flex items-center gap-2">
          <span className="w-48 truncate font-mono text-xs">{label(part)}</span>
          <div className="flex h-5 flex-1 gap-px">
            {days.map((share, index) => (
              <span
                // biome-ignore lint/suspicious/noArrayIndexKey: a day's position is its identity (oldest first)
                key={index}
                title={share === null ? "?" : `${(share * 100).toFixed(2)} %`}
                className={`flex-1 rounded-sm ${colour(share)}`}
              />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
