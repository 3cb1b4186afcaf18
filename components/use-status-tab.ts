"use client";

import { useEffect } from "react";
import type { StackStatus } from "@/lib/contracts/diagnosis";
import { STACK_STATUS } from "./status-style";

/** The browser tab's title and favicon show the overall status, so a background tab still tells. */
export function useStatusTab(status: StackStatus | null) {
  useEffect(() => {
    const style = status ? STACK_STATUS[status] : null;
    document.title = style ? `${style.icon} ${style.word} · Cascade` : "Cascade";
    const color = style?.color ?? "#64748b";
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="${color}"/></svg>`;
    let link = document.querySelector<HTMLLinkElement>("link[rel='icon'][data-status]");
    if (!link) {
      link = document.createElement("link");
      link.rel = "icon";
      link.dataset.status = "";
      document.head.appendChild(link);
    }
    link.href = `data:image/svg+xml,${encodeURIComponent(svg)}`;
    link.dataset.status = status ?? "unknown";
  }, [status]);
}
