import { SignIn } from '@clerk/react';

export default function ClerkSignIn() {
  return <SignIn routing="hash" fallbackRedirectUrl="/" />;
}
