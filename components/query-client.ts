import { QueryClient } from "@tanstack/react-query";

/** The one QueryClient default: the board is live data, so refetch on focus and keep retries short. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 1_000 },
    },
  });
}
