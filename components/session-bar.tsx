"use client";

import Link from "next/link";
import { useSession, useSignOut } from "./hooks/use-session";

/** Who is signed in, with sign-in / sign-out and, for admins, the audit log. */
export function SessionBar() {
  const session = useSession();
  const signOut = useSignOut();
  if (!session.data) return null;
  if (!session.data.signedIn) {
    return (
      <Link href="/sign-in" className="text-sm font-medium text-sky-700 underline dark:text-sky-300" data-testid="sign-in-link">
        Sign in
      </Link>
    );
  }
  return (
    <p className="flex flex-wrap items-center gap-3 text-sm" data-testid="session">
      <span>
        {session.data.name} <span className="text-slate-500">({session.data.role})</span>
      </span>
      {session.data.role === "admin" && (
        <Link href="/audit" className="text-sky-700 underline dark:text-sky-300">
          Audit log
        </Link>
      )}
      <button type="button" onClick={() => signOut.mutate()} className="underline">
        Sign out
      </button>
    </p>
  );
}
