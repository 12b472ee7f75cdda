import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

// A real SMTP server for tests: listens on 127.0.0.1 on a random port, accepts every message
// (no TLS, no auth) and keeps what arrived, so a test can assert on the emails the app sent.

export type TCaughtEmail = {
  /** Recipient addresses from the To header, lower-cased. */
  to: string[];
  /** Recipient addresses from the SMTP envelope (RCPT TO), lower-cased. */
  envelopeTo: string[];
  from: string;
  subject: string;
  text: string;
};

export type TSmtpCatcher = {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  port: number;
  /** Every email received so far, in arrival order. */
  messages: TCaughtEmail[];
  /** Emails to one address (To header), in arrival order. */
  to: (address: string) => TCaughtEmail[];
  /** Forgets the emails received so far. */
  clear: () => void;
  /** Resolves once at least `count` emails have arrived in total, or rejects after `timeoutMs`. */
  waitFor: (count: number, timeoutMs?: number) => Promise<TCaughtEmail[]>;
  stop: () => Promise<void>;
};

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  return (Array.isArray(field) ? field : [field]).flatMap((group) => group.value.map((entry) => (entry.address ?? "").toLowerCase())).filter(Boolean);
}

/**
 * `port` 0 (the default) picks a free one; the e2e server passes the fixed port it gives the app.
 * `onMessage` sees each email as it arrives (the e2e server writes them to a mailbox file).
 */
export async function startSmtpCatcher(port = 0, onMessage?: (email: TCaughtEmail) => void): Promise<TSmtpCatcher> {
  const messages: TCaughtEmail[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    banner: "bulwark test catcher",
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const email: TCaughtEmail = {
            to: addresses(parsed.to),
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            from: parsed.from?.text ?? "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
          };
          messages.push(email);
          onMessage?.(email);
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const listening = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${listening}`,
    port: listening,
    messages,
    to: (address) => messages.filter((message) => message.to.includes(address.toLowerCase())),
    clear: () => {
      messages.length = 0;
    },
    waitFor: (count, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        if (messages.length >= count) return resolve([...messages]);
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} email(s), got ${messages.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...messages]);
        };
        waiters.add(check);
      }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
