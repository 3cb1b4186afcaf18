// GET /sign-in – exchange an access token for a session cookie
import path from "node:path";
import { SignInForm } from "@/components/sign-in-form";
import { getCredentials } from "@/server/auth/credentials";
import { GENERATED_TOKEN_FILE } from "@/server/auth/generated-token";
import { getSettings } from "@/server/config";

export const dynamic = "force-dynamic";

export default function SignInPage() {
  // With no tokens configured, name where the generated operator token really is: CASCADE_DATA_DIR, or the default,
  // resolved on the server (that mode answers on loopback only).
  const tokenFile = getCredentials().generated ? path.join(getSettings().dataDir, GENERATED_TOKEN_FILE) : null;
  return <SignInForm generatedTokenFile={tokenFile} />;
}
