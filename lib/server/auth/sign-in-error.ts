/** The `error` next-auth puts in its answer for each refusal; the login form shows a message per code. */
export const SIGN_IN_ERROR = {
  wrongCredentials: "CredentialsSignin",
  rateLimited: "RateLimited",
  mfaRequired: "MfaRequired",
  mfaInvalid: "MfaInvalid",
  mfaRateLimited: "MfaRateLimited",
  ssoRequired: "SsoRequired",
} as const;

export type TSignInError = (typeof SIGN_IN_ERROR)[keyof typeof SIGN_IN_ERROR];
