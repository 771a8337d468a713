"use server";
// Signing in and out. CSRF: Next.js refuses an action posted from another origin (Origin against Host), and
// proxy.ts refuses it first with a 403.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { safeNext } from "@/src/auth";
import { TOO_MANY, signIn } from "@/src/throttle";
import { outageRedirect } from "../../_lib/rendering";
import { clientAddress, database } from "../../_lib/server";
import { endSession, startSession } from "../../_lib/session";

// What a refused sign-in leaves on the form: the reason, and the username as typed (never the password).
export type LoginState = { error: string; username: string } | null;

const WRONG = "Your username and password didn't match. Please try again.";

// A text field of the posted form ("" where it is missing or is a file).
function textOf(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

// Checks the credentials through the sign-in limit (src/throttle: past too many failures the form says how
// long to wait, whatever the password), starts the session and goes on to `next` (a local path only).
export const logIn = outageRedirect(async function logIn(
  next: string,
  _previous: LoginState,
  formData: FormData,
): Promise<LoginState> {
  const username = textOf(formData, "username");
  const password = textOf(formData, "password");
  const { user, wait } = await signIn(database(), clientAddress(await headers()), username, password);
  if (wait) return { error: TOO_MANY(wait), username };
  if (!user) return { error: WRONG, username };
  await startSession(user.id);
  redirect(safeNext(next));
});

export async function logOut(): Promise<void> {
  await endSession();
  redirect("/");
}
