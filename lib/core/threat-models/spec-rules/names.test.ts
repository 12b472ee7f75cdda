import { describe, expect, it } from "vitest";
import {
  accountAttribute,
  cleartextHost,
  compactName,
  credentialKind,
  debugPathWord,
  DESCRIBES_SHARED_DEVICE_SECRET,
  describesCostlyQuerySyntax,
  describesServerFetch,
  describesStoredOnly,
  hasDeviceWord,
  isAntiCsrfHeader,
  isCommandInputName,
  isDeviceIdentifierName,
  isDeviceScheme,
  isDigestName,
  isExpiryField,
  isExpressionInputName,
  isFilePathName,
  isGuessableSecretField,
  isInternalCommercialFieldName,
  isIssuedTokenField,
  isLocalNetworkHost,
  isNaturalKeyName,
  isObjectIdName,
  isOwnDataPath,
  isPersonalFieldName,
  isPriceFieldName,
  isPrivilegedFieldName,
  isPromotionCodeName,
  isReauthenticationField,
  isRedirectParameterName,
  isUrlInputName,
  isUserNameParameter,
  isWorkMultiplierName,
  looksLikeHost,
  looksLikeUrl,
  namesSecondFactor,
  nameWords,
  pathWords,
  privilegedAudienceWord,
  SAYS_PRIVILEGED_ONLY,
} from "./names";

describe("name normalisation", () => {
  it("splits camelCase, snake_case, kebab-case, acronyms and paths into lower-case words", () => {
    expect(nameWords("isAdmin")).toEqual(["is", "admin"]);
    expect(nameWords("is_admin")).toEqual(["is", "admin"]);
    expect(nameWords("X-Is-Admin")).toEqual(["x", "is", "admin"]);
    expect(nameWords("userID")).toEqual(["user", "id"]);
    expect(nameWords("HTTPRequestURL")).toEqual(["http", "request", "url"]);
    expect(nameWords("apiKeys[].secret")).toEqual(["api", "keys", "secret"]);
    expect(compactName("password_hash")).toBe(compactName("passwordHash"));
    expect(pathWords("/v1/users/{id}/reset-password")).toEqual(["v1", "users", "reset", "password"]);
  });
});

describe("name lists", () => {
  it("privileged properties, by whole word ('shipping' is no 'pin', 'adminPin' is a credential)", () => {
    for (const name of ["isAdmin", "role", "roles", "is_staff", "loyaltyTier", "unitPrice", "approvedBy", "skipChecks", "accountBalance"]) expect(isPrivilegedFieldName(name), name).toBe(true);
    for (const name of ["name", "email", "adminPin", "shippingAddress", "description"]) expect(isPrivilegedFieldName(name), name).toBe(false);
  });
  it("credentials and secrets, masked values excepted", () => {
    expect(credentialKind("passwordHash")).toBe("credential");
    expect(credentialKind("cvv")).toBe("credential");
    expect(credentialKind("cardNumber")).toBe("credential");
    expect(credentialKind("nationalInsuranceNumber")).toBe("credential");
    expect(credentialKind("access_token")).toBe("secret");
    expect(credentialKind("signingSecret")).toBe("secret");
    expect(credentialKind("apiKey")).toBe("secret");
    for (const name of ["maskedCardNumber", "cardLast4", "tokenType", "expiresIn", "shipping", "keyId", "secretUrl"]) expect(credentialKind(name), name).toBeNull();
  });
  it("personal data", () => {
    for (const name of ["email", "phoneNumber", "birthDate", "dateOfBirth", "lastLoginIp", "iban"]) expect(isPersonalFieldName(name), name).toBe(true);
    for (const name of ["displayName", "createdAt", "nickname"]) expect(isPersonalFieldName(name), name).toBe(false);
  });
  it("the caller's own routes", () => {
    for (const path of ["/me", "/users/me/orders", "/my/cards", "/profile"]) expect(isOwnDataPath(path), path).toBe(true);
    for (const path of ["/users/{id}", "/members", "/media"]) expect(isOwnDataPath(path), path).toBe(false);
  });
  it("object ids and natural keys", () => {
    for (const name of ["id", "accountId", "account_ids", "userUuid"]) expect(isObjectIdName(name), name).toBe(true);
    for (const name of ["requestId", "X-Request-Id", "idempotencyKey", "client_id", "width"]) expect(isObjectIdName(name), name).toBe(false);
    expect(isNaturalKeyName("groupName", "path")).toBe(true);
    expect(isNaturalKeyName("groupName", "other")).toBe(false);
    expect(isNaturalKeyName("employeeNumber", "other")).toBe(true);
    expect(isNaturalKeyName("username", "other")).toBe(true);
    expect(isNaturalKeyName("email", "other")).toBe(false);
  });
  it("expressions: the last word decides", () => {
    for (const name of ["filter", "sortBy", "where", "q", "couponCode", "groupBy", "searchQuery"]) expect(isExpressionInputName(name), name).toBe(true);
    for (const name of ["sortCode", "orderNumber", "groupName", "filterId", "queryId"]) expect(isExpressionInputName(name), name).toBe(false);
  });
  it("commands, templates and hosts, but not OTP or PKCE codes", () => {
    for (const name of ["command", "shellScript", "template", "host", "sourceCode"]) expect(isCommandInputName(name), name).toBe(true);
    for (const name of ["code", "code_challenge", "countryCode", "title"]) expect(isCommandInputName(name), name).toBe(false);
  });
  it("URLs, redirects, file paths and work multipliers", () => {
    expect(isUrlInputName("feedUrl")).toBe(true);
    expect(isUrlInputName("endpointId")).toBe(false);
    expect(isRedirectParameterName("return_to")).toBe(true);
    expect(isRedirectParameterName("next")).toBe(false);
    expect(isFilePathName("fileName", false)).toBe(true);
    expect(isFilePathName("name", false)).toBe(false);
    expect(isFilePathName("name", true)).toBe(true);
    expect(isWorkMultiplierName("captureRetries")).toBe(true);
    expect(isWorkMultiplierName("quantity")).toBe(false);
  });
  it("values and descriptions", () => {
    expect(looksLikeUrl("https://example.com/a")).toBe(true);
    expect(looksLikeUrl("example.com")).toBe(false);
    expect(looksLikeHost("10.0.0.7")).toBe(true);
    expect(looksLikeHost("gw.example.net")).toBe(true);
    expect(looksLikeHost("hello world")).toBe(false);
    expect(describesStoredOnly("Stored as given; the server never downloads it.")).toBe(true);
    expect(describesServerFetch("Stored as given; the server never downloads it.")).toBe(false);
    expect(describesServerFetch("The server downloads the image and resizes it.")).toBe(true);
  });
});

// Authentication and configuration names.
describe("name normalisation of headers, constants and path segments", () => {
  it("split camelCase, snake_case, kebab-case and acronyms", () => {
    expect(nameWords("resetPassword")).toEqual(["reset", "password"]);
    expect(nameWords("reset_password-now")).toEqual(["reset", "password", "now"]);
    expect(nameWords("X-CSRF-Token")).toEqual(["x", "csrf", "token"]);
    expect(nameWords("SESSION_SECRET")).toEqual(["session", "secret"]);
    expect(nameWords("APIKey")).toEqual(["api", "key"]);
  });
  it("read only literal path segments", () => {
    expect(pathWords("/auth/sign-in/{provider}")).toEqual(["auth", "sign", "in"]);
  });
});

describe("credential names", () => {
  it("tells one-time codes from other codes", () => {
    expect(isGuessableSecretField({ name: "otp" })).toBe(true);
    expect(isGuessableSecretField({ name: "verificationCode" })).toBe(true);
    expect(isGuessableSecretField({ name: "code", pattern: "^\\d{6}$" })).toBe(true);
    expect(isGuessableSecretField({ name: "countryCode" })).toBe(false);
    expect(isGuessableSecretField({ name: "code", example: "SUMMER-10" })).toBe(false);
  });
  it("knows re-authentication fields and what an account change replaces", () => {
    expect(isReauthenticationField("currentPassword")).toBe(true);
    expect(isReauthenticationField("old_password")).toBe(true);
    expect(isReauthenticationField("newPassword")).toBe(false);
    expect(accountAttribute("newEmail")).toBe("email");
    expect(accountAttribute("mobileNumber")).toBe("phone");
    expect(accountAttribute("displayName")).toBeNull();
  });
  it("knows user-name parameters from opaque ids", () => {
    expect(isUserNameParameter("username")).toBe(true);
    expect(isUserNameParameter("userId")).toBe(false);
  });
  it("knows issued tokens and their expiry fields", () => {
    expect(isIssuedTokenField("access_token")).toBe(true);
    expect(isIssuedTokenField("token_type")).toBe(false);
    expect(isIssuedTokenField("tokenSecret")).toBe(false);
    expect(isExpiryField("expires_in")).toBe(true);
    expect(isExpiryField("validUntil")).toBe(true);
    expect(isExpiryField("createdAt")).toBe(false);
  });
  it("knows anti-CSRF headers", () => {
    expect(isAntiCsrfHeader("X-XSRF-TOKEN")).toBe(true);
    expect(isAntiCsrfHeader("X-Requested-With")).toBe(true);
    expect(isAntiCsrfHeader("X-Request-Id")).toBe(false);
  });
});

describe("configuration names", () => {
  it("finds debug words above any record, not in ordinary words", () => {
    expect(debugPathWord("/internal/debug/config")).toBe("debug");
    expect(debugPathWord("/admin/reset-db")).toBe("reset db");
    expect(debugPathWord("/devices/{id}/diagnostics")).toBeNull();
    expect(debugPathWord("/environments-report")).toBeNull();
  });
  it("reads 'admins only' in either order", () => {
    expect(SAYS_PRIVILEGED_ONLY.test("Payroll administrators only")).toBe(true);
    expect(SAYS_PRIVILEGED_ONLY.test("Only managers may approve")).toBe(true);
    expect(SAYS_PRIVILEGED_ONLY.test("List only your own orders")).toBe(false);
  });
  it("reports cleartext hosts except loopback and reserved names", () => {
    expect(cleartextHost("http://ingest.acme.io:8080/v1")).toBe("ingest.acme.io");
    expect(cleartextHost("https://api.acme.io")).toBeNull();
    for (const url of ["http://localhost:8080", "http://127.0.0.1", "http://[::1]:3000", "http://api.example.com", "http://example.org", "http://shop.test", "http://x.example", "http://y.invalid", "http://app.localhost", "http://{host}/v1", "/relative"]) {
      expect(cleartextHost(url)).toBeNull();
    }
  });
});

describe("device names", () => {
  it("tells device credentials and identifiers from ordinary ones", () => {
    expect(isDeviceScheme({ name: "deviceToken", type: "http" })).toBe(true);
    expect(isDeviceScheme({ name: "apiKey", type: "apiKey", description: "Issued to each sensor at enrolment." })).toBe(true);
    expect(isDeviceScheme({ name: "userBearer", type: "http" })).toBe(false);
    expect(isDeviceIdentifierName("serialNumber")).toBe(true);
    expect(isDeviceIdentifierName("deviceId")).toBe(true);
    expect(isDeviceIdentifierName("imei")).toBe(true);
    expect(isDeviceIdentifierName("orderId")).toBe(false);
    expect(isDeviceIdentifierName("deviceName")).toBe(false);
  });
  it("reads shared secrets, checksums and local network hosts", () => {
    expect(DESCRIBES_SHARED_DEVICE_SECRET.test("Provisioning key written into every unit at the factory.")).toBe(true);
    expect(DESCRIBES_SHARED_DEVICE_SECRET.test("Issued to each installer account.")).toBe(false);
    expect(isDigestName("sha256")).toBe(true);
    expect(isDigestName("imageChecksum")).toBe(true);
    expect(isDigestName("passwordHash")).toBe(true);
    expect(isDigestName("version")).toBe(false);
    expect(isLocalNetworkHost("192.168.4.1")).toBe(true);
    expect(isLocalNetworkHost("gateway.local")).toBe(true);
    expect(isLocalNetworkHost("api.acme.io")).toBe(false);
    expect(isLocalNetworkHost("localhost")).toBe(false);
  });
});

describe("privileged audiences and second factors", () => {
  it("names who signs in and what second factor a spec documents", () => {
    expect(privilegedAudienceWord(nameWords("staffLogin"))).toBe("staff");
    expect(privilegedAudienceWord(nameWords("Operator sign-in"))).toBe("operator");
    expect(privilegedAudienceWord(nameWords("customerLogin"))).toBeNull();
    expect(namesSecondFactor(nameWords("verifyTotp"))).toBe(true);
    expect(namesSecondFactor(nameWords("Two-factor challenge"))).toBe(true);
    expect(namesSecondFactor(nameWords("factorReport"))).toBe(false);
  });
});

describe("costly query syntax and promotion codes", () => {
  it("reads query-language descriptions and promotion code names", () => {
    expect(describesCostlyQuerySyntax("Supports wildcards and regular expressions (/re/).")).toBe(true);
    expect(describesCostlyQuerySyntax("Search expression in the index's query syntax.")).toBe(true);
    expect(describesCostlyQuerySyntax("Words to look for.")).toBe(false);
    expect(isPromotionCodeName("couponCode")).toBe(true);
    expect(isPromotionCodeName("code")).toBe(true);
    expect(isPromotionCodeName("countryName")).toBe(false);
  });
});

describe("prices and commercial figures", () => {
  it("tells a thing's price from a business's own costs and margins", () => {
    expect(isPriceFieldName("unitPrice")).toBe(true);
    expect(isPriceFieldName("fee")).toBe(false);
    expect(isInternalCommercialFieldName("costPrice")).toBe(true);
    expect(isInternalCommercialFieldName("supplier_margin")).toBe(true);
    expect(isInternalCommercialFieldName("shippingCost")).toBe(false);
    expect(isInternalCommercialFieldName("price")).toBe(false);
  });
});

describe("device words", () => {
  it("leave payment gateways and cloud machines out", () => {
    expect(hasDeviceWord(nameWords("Payment gateway"))).toBe(false);
    expect(hasDeviceWord(nameWords("listMachines"))).toBe(false);
    expect(hasDeviceWord(nameWords("sendTelemetry"))).toBe(true);
  });
});
