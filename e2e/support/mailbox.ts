import { readFileSync } from "node:fs";
import type { TCaughtEmail } from "../../tests/support/smtp-catcher";
import { MAILBOX_FILE } from "./constants";

/** Emails the e2e SMTP server received for one address, in arrival order. */
export function emailsTo(address: string): TCaughtEmail[] {
  return readFileSync(MAILBOX_FILE, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TCaughtEmail)
    .filter((email) => email.to.includes(address.toLowerCase()));
}
