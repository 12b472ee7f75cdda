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

export const ZSignIn = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password.").max(1024),
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
