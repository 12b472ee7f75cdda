import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

/** `sensitive`: the text holds a secret (a reset link), so without SMTP it is not written to the log either. */
export type TEmail = { to: string; subject: string; text: string; sensitive?: boolean };

let transport: Transporter | null | undefined;

function transporter(): Transporter | null {
  if (transport === undefined) transport = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
  return transport;
}

/** Sends through SMTP_URL; without one, writes the email to the log so nothing is lost in a demo. */
export async function sendEmail(email: TEmail): Promise<void> {
  const smtp = transporter();
  if (!smtp) {
    if (email.sensitive) logger.warn("email not sent: SMTP_URL is not set, and it holds a secret, so it is not logged either", { to: email.to, subject: email.subject });
    else logger.info("email (SMTP_URL not set, so logged instead of sent)", { to: email.to, subject: email.subject, text: email.text });
    return;
  }
  await smtp.sendMail({ from: env.MAIL_FROM, to: email.to, subject: email.subject, text: email.text });
}
