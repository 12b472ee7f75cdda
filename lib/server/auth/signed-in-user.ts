/** The person a valid session cookie names, as every page and route sees them. */
export type TSignedInUser = {
  userId: string;
  email: string;
  name: string;
  sessionId: string;
  activeOrgId: string | null;
  /** How this session was started; an SSO-only organisation admits SSO sessions only. */
  authMethod: "PASSWORD" | "SSO";
  mfaEnabled: boolean;
};
