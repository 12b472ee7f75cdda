import { z } from "zod";

export const ZEmail = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "Email addresses are at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

// ASVS 6.2: at least 12 characters, no composition rules, long passphrases allowed.
export const ZNewPassword = z
  .string({ error: "Enter a password." })
  .min(12, "Use at least 12 characters.")
  .max(128, "Use at most 128 characters.");

/** A TOTP code or a recovery code, as typed. */
export const ZSecondFactorCode = z
  .string()
  .trim()
  .max(32, "That is not a code from your authenticator app or a recovery code.");

export const ZSignIn = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password.").max(1024),
  // Absent on the first step; an empty form field counts as absent.
  code: ZSecondFactorCode.optional().transform((value) => value || undefined),
});

export const ZPersonName = z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.");

export const ZOrgName = z.string().trim().min(2, "Use at least 2 characters.").max(80, "Use at most 80 characters.");

export const ZSignUp = z.object({
  name: ZPersonName,
  email: ZEmail,
  password: ZNewPassword,
  organizationName: ZOrgName,
});
export type TSignUp = z.infer<typeof ZSignUp>;

export const ZChangePassword = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(1024),
    newPassword: ZNewPassword,
  })
  .refine((value) => value.currentPassword !== value.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
export type TChangePassword = z.infer<typeof ZChangePassword>;

export const ZMfaCode = z.object({
  code: z
    .string({ error: "Enter the 6-digit code from your app." })
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code from your app."),
});
export type TMfaCode = z.infer<typeof ZMfaCode>;

export const ZReauthenticate = z.object({ password: z.string().min(1, "Enter your password.").max(1024) });
export type TReauthenticate = z.infer<typeof ZReauthenticate>;

export const ZPasswordResetRequest = z.object({ email: ZEmail });

// The token in a reset link: 32 random bytes, base64url.
export const ZResetToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This reset link is not valid.");

export const ZPasswordReset = z.object({
  token: ZResetToken,
  password: ZNewPassword,
  code: ZSecondFactorCode.optional().transform((value) => value || undefined),
});
export type TPasswordReset = z.infer<typeof ZPasswordReset>;
