import { SignInForm } from "@/components/sign-in-form";

export default function SignInPage() {
  return <SignInForm />;
}
