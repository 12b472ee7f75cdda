import { readFileSync } from "node:fs";
import path from "node:path";
import { AppError, fieldError } from "@/lib/core/app-error";

// What a new password must be (ASVS 6.2): 12 to 128 characters (checked by ZNewPassword), not
// one of the most common passwords or a thin disguise of one, not built from the product's or
// the user's own name. No composition rules. The list is offline: lib/core/auth/common-passwords.txt,
// made by scripts/generate-password-blocklist.ts.

let blocklist: Set<string> | undefined;

function commonPasswords(): Set<string> {
  blocklist ??= new Set(
    readFileSync(path.join(process.cwd(), "lib/core/auth/common-passwords.txt"), "utf8")
      .split("\n")
      .filter(Boolean),
  );
  return blocklist;
}

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };

const deLeet = (value: string) => value.replace(/[013457@$!]/g, (char) => LEET[char] ?? char);

/** "Password2024!" → "password": what is left without digits and symbols around it. */
const core = (value: string) => value.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");

/** "abcabcabc" → "abc"; null when the value is not one unit repeated. */
function repeatedUnit(value: string): string | null {
  const match = /^(.+?)\1+$/u.exec(value);
  return match ? match[1]! : null;
}

function variantsOf(password: string): Set<string> {
  const lower = password.normalize("NFKC").toLowerCase();
  const variants = new Set<string>();
  for (const base of [lower, lower.replace(/\s+/g, "")]) {
    // Digits and symbols around the word come off first; "m0nkey2024" is then "monkey".
    for (const candidate of [base, core(base), deLeet(base), deLeet(core(base)), core(deLeet(base))]) {
      variants.add(candidate);
      const unit = repeatedUnit(candidate);
      if (unit) variants.add(core(unit));
    }
  }
  return variants;
}

export type TPasswordContext = { email?: string | null; name?: string | null };

function contextWords(context: TPasswordContext): string[] {
  const words = ["bulwark"];
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local) words.push(...local.split(/[^\p{L}\p{N}]+/u), local);
  if (context.name) words.push(...context.name.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  return [...new Set(words.filter((word) => word.length >= 4))];
}

/** Why `password` may not be used, in words for the person choosing it; null when it is fine. */
export function newPasswordProblem(password: string, context: TPasswordContext = {}): string | null {
  if (password.length < 12) return "Use at least 12 characters.";
  if (password.length > 128) return "Use at most 128 characters.";
  const common = commonPasswords();
  for (const variant of variantsOf(password)) {
    if (variant.length >= 4 && common.has(variant)) {
      return "This is one of the most common passwords, or a simple variation of one. Choose something less predictable, such as a few unrelated words.";
    }
  }
  if (new Set(password).size < 5) return "Use more different characters: this is mostly one or two repeated.";
  const lower = password.normalize("NFKC").toLowerCase();
  const present = contextWords(context).filter((word) => lower.includes(word));
  // The words are fine inside a long passphrase; as most of the password they are guessable.
  const rest = present.reduce((left, word) => left.replaceAll(word, ""), lower).replace(/[^\p{L}\p{N}]/gu, "");
  if (present.length && rest.length < 8) {
    return present.includes("bulwark") ? "Do not base the password on the name of this app." : "Do not base the password on your name or email address.";
  }
  return null;
}

/** Throws the 422 a form shows under `field` when the new password may not be used. */
export function assertAcceptableNewPassword(password: string, context: TPasswordContext, field = "password"): void {
  const problem = newPasswordProblem(password, context);
  if (problem) throw new AppError("VALIDATION_FAILED", "Choose a stronger password.", { fieldErrors: [fieldError(field, problem)] });
}
