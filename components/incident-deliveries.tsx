"use client";

import { makeRenderer } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";
import { useDeliveries } from "./hooks/use-deliveries";

/** The incident page's notifications: what was sent to which channel, when, and the receiver's answer (no URLs). */
export function IncidentDeliveries({ id, locale }: { id: string; locale: Locale }) {
  const query = useDeliveries(id);
  const { text } = makeRenderer(locale, new Date());
  const t = (key: string, params: Record<string, number> = {}) => text({ key, params });
  // Deliveries are for operators: a viewer simply does not see the section.
  if (query.error || !query.data) return null;
  const deliveries = query.data.deliveries;
  return (
    <section className="space-y-1" data-testid="incident-deliveries">
      <h2 className="text-lg font-semibold">{t("notify.deliveries.title")}</h2>
      {deliveries.length === 0 ? (
        <p className="text-sm">{t("notify.deliveries.empty")}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {deliveries.map((delivery) => (
            <li key={delivery.id} data-status={delivery.status}>
              <time dateTime={delivery.sentAt ?? delivery.createdAt} className="font-mono">
                {(delivery.sentAt ?? delivery.createdAt).replace("T", " ").slice(0, 19)}
              </time>{" "}
              <strong>{delivery.channel}</strong> ({delivery.type}) · {delivery.event} · {t(`notify.delivery.${delivery.status}`)} ·{" "}
              {t("notify.deliveries.attempts", { count: delivery.attempts })}
              {delivery.answer ? ` · ${delivery.answer}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
