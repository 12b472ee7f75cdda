import { describe, expect, it } from "vitest";
import { ZChangePassword, ZEmail, ZNewPassword, ZSignIn, ZSignUp } from "@/lib/validation/auth";

describe("ZEmail", () => {
  it("trims and lower-cases", () => {
    expect(ZEmail.parse("  Alice.Smith@Example.COM \n")).toBe("alice.smith@example.com");
  });

  it("rejects what is not an email address", () => {
    for (const value of ["", "alice", "alice@", "@example.com", "alice example@x.com"]) {
      expect(ZEmail.safeParse(value).success, value).toBe(false);
    }
  });

  it("rejects addresses over 254 characters", () => {
    // Labels of at most 63 characters, so only the total length decides.
    const address = (domainLength: number) => {
      const labels = ["b".repeat(50), "c".repeat(50), "d".repeat(50)];
      labels.push("e".repeat(domainLength - 4 - 153));
      return `${"a".repeat(64)}@${labels.join(".")}.com`;
    };
    expect(address(189)).toHaveLength(254);
    expect(ZEmail.safeParse(address(189)).success).toBe(true);
    expect(address(190)).toHaveLength(255);
    expect(ZEmail.safeParse(address(190)).error?.issues[0]?.message).toBe("Email addresses are at most 254 characters.");
  });

  it("is applied to sign-in and sign-up", () => {
    expect(ZSignIn.parse({ email: " Bob@Example.com", password: "x" }).email).toBe("bob@example.com");
    expect(
      ZSignUp.parse({ name: " Bob ", email: "BOB@example.com", password: "correct horse battery", organizationName: "Acme" }),
    ).toEqual({ name: "Bob", email: "bob@example.com", password: "correct horse battery", organizationName: "Acme" });
  });
});

describe("ZNewPassword", () => {
  it("accepts 12 to 128 characters", () => {
    expect(ZNewPassword.safeParse("a".repeat(12)).success).toBe(true);
    expect(ZNewPassword.safeParse("a".repeat(128)).success).toBe(true);
  });

  it("rejects 11 characters with a message", () => {
    const result = ZNewPassword.safeParse("a".repeat(11));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Use at least 12 characters.");
  });

  it("rejects 129 characters with a message", () => {
    const result = ZNewPassword.safeParse("a".repeat(129));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Use at most 128 characters.");
  });

  it("does not trim or otherwise change the password", () => {
    expect(ZNewPassword.parse("  Spaces Count  ")).toBe("  Spaces Count  ");
  });
});

describe("ZChangePassword", () => {
  it("accepts a new password different from the current one", () => {
    expect(ZChangePassword.safeParse({ currentPassword: "old password 1", newPassword: "new password 22" }).success).toBe(true);
  });

  it("refuses a new password equal to the current one, on the newPassword field", () => {
    const result = ZChangePassword.safeParse({ currentPassword: "same password 1", newPassword: "same password 1" });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.path).toEqual(["newPassword"]);
    expect(result.error?.issues[0]?.message).toBe("Choose a password different from the current one.");
  });

  it("requires the current password and a long enough new one", () => {
    const result = ZChangePassword.safeParse({ currentPassword: "", newPassword: "short" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["currentPassword", "newPassword"]);
  });
});
