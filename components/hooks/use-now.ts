"use client";

import { useEffect, useState } from "react";

/**
 * The current time, ticking every `intervalMs`. It starts at `start` (the board's own time), so the server's HTML and
 * the browser's first render agree; the clock takes over right after.
 */
export function useNow(intervalMs: number, start: string): Date {
  const [now, setNow] = useState(() => new Date(start));
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
