"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useSignIn } from "./hooks/use-session";
import { card } from "./section";

/** `generatedTokenFile`: where Cascade wrote its operator token, named when no tokens are configured. */
export function SignInForm({ generatedTokenFile }: { generatedTokenFile: string | null }) {
  const [token, setToken] = useState("");
  const signIn = useSignIn();
  const router = useRouter();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate(token.trim(), { onSuccess: () => router.push("/") });
  };
  return (
    <main className="mx-auto max-w-md space-y-4 p-4 sm:p-8">
      <h1 className="text-2xl font-bold">Sign in to Cascade</h1>
      <form onSubmit={submit} className={`${card} space-y-3`}>
        <label htmlFor="token" className="block text-sm font-medium">
          Access token
        </label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="current-password"
          required
          value={token}
          onChange={(event) => setToken(event.target.value)}
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
        />
        {generatedTokenFile && (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No tokens are configured: use the operator token Cascade wrote to <code data-testid="token-file">{generatedTokenFile}</code>.
          </p>
        )}
        {signIn.isError && (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            {signIn.error.message}
          </p>
        )}
        <button
          type="submit"
          disabled={signIn.isPending}
          className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900"
        >
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
