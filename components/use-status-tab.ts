"use client";

import { useEffect } from "react";
import type { StackStatus } from "@/lib/contracts/diagnosis";
import { statusIconHref, statusTitle } from "./status-style";

/** The browser tab's title and favicon follow the live status (the server rendered the first ones). */
export function useStatusTab(status: StackStatus | null) {
  useEffect(() => {
    document.title = statusTitle(status);
    const href = statusIconHref(status);
    const links = document.querySelectorAll<HTMLLinkElement>("link[rel~='icon']");
    for (const link of links) link.setAttribute("href", href);
    if (links.length === 0) {
      const link = document.createElement("link");
      link.rel = "icon";
      link.href = href;
      document.head.appendChild(link);
    }
  }, [status]);
}
