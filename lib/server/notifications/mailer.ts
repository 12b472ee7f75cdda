import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

export type TEmail = { to: string; subject: string; text: string };

let transport: Transporter | null | undefined;

function transporter(): Transporter | null {
  if (transport === undefined) transport = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
  return transport;
}

/** Sends through SMTP_URL; without one, writes the email to the log so nothing is lost in a demo. */
export async function sendEmail(email: TEmail): Promise<void> {
  const smtp = transporter();
  if (!smtp) {
    logger.info("email (SMTP_URL not set, so logged instead of sent)", { to: email.to, subject: email.subject, text: email.text });
    return;
  }
  await smtp.sendMail({ from: env.MAIL_FROM, to: email.to, subject: email.subject, text: email.text });
}
