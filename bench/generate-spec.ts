// A synthetic but realistic OpenAPI 3.0 document: resources with list/get/create/update/delete,
// shared component schemas, path ids, pagination on some lists, sensitive fields on some models.
// The schemas are what the spec rules read, so they look like real ones: bodies composed with
// allOf over a shared base, nested objects and arrays (some without maxItems), readOnly server
// fields, privileged and server-managed fields in write bodies, URL-valued fields, credentials in
// a write-only field, a JWT example. One resource in 40 is a sign-in resource (login, OTP check,
// password reset, token refresh, the caller's own account) instead of CRUD, as real APIs carry
// a few. Every operation's text stays about as long as before: the 37,000-operation spec the
// upload-cap tests use must stay under 10 MB, so the richness lives in the shared components.

const ref = (name: string) => `{ $ref: "#/components/schemas/${name}" }`;

// header {"alg":"HS256","typ":"JWT"}, payload without exp: the kind of example token real specs paste.
const exampleJwt = [{ alg: "HS256", typ: "JWT" }, { sub: "4f6c2a1e", name: "Example User", iat: 1767225600 }].map((part) => Buffer.from(JSON.stringify(part)).toString("base64url")).join(".") + ".c2lnbmF0dXJl";

function modelOf(r: number): string {
  if (r % 7 === 0) return "Customer";
  if (r % 5 === 0) return "Account";
  if (r % 3 === 0) return r % 2 === 0 ? "Payment" : "Order";
  if (r % 11 === 0) return "Document";
  return "Item";
}

/** Five anonymous-by-design credential operations plus the caller's own account. */
function signInResource(r: number, lines: string[], remaining: number): number {
  const base = `/auth${r}`;
  const ops: string[][] = [
    [`  ${base}/login:`, `    post:`, `      operationId: login${r}`, `      summary: Sign in`, `      tags: [auth]`, `      security: []`, `      requestBody:`, `        content: { application/json: { schema: ${ref("Credentials")} } }`, `      responses:`, `        "200": { description: ok, content: { application/json: { schema: ${ref("Token")} } } }`, `        "401": { description: wrong credentials }`],
    [`  ${base}/otp/verify:`, `    post:`, `      operationId: verifyOtp${r}`, `      tags: [auth]`, `      security: []`, `      requestBody:`, `        content: { application/json: { schema: ${ref("OtpCheck")} } }`, `      responses:`, `        "200": { description: ok, content: { application/json: { schema: ${ref("Token")} } } }`, `        "401": { description: wrong code }`],
    [`  ${base}/password-reset:`, `    post:`, `      operationId: resetPassword${r}`, `      tags: [auth]`, `      security: []`, `      requestBody:`, `        content: { application/json: { schema: ${ref("PasswordReset")} } }`, `      responses:`, `        "202": { description: e-mail sent }`, `        "404": { description: no such user }`],
    [`  ${base}/token/refresh:`, `    post:`, `      operationId: refreshToken${r}`, `      tags: [auth]`, `      security: []`, `      requestBody:`, `        content: { application/json: { schema: { type: object, properties: { refresh_token: { type: string } } } } }`, `      responses:`, `        "200": { description: ok, content: { application/json: { schema: ${ref("Token")} } } }`],
    [`  ${base}/me:`, `    get:`, `      operationId: getMe${r}`, `      tags: [auth]`, `      responses:`, `        "200": { description: ok, content: { application/json: { schema: ${ref("Account")} } } }`],
  ];
  const emitted = Math.min(ops.length, remaining);
  for (const op of ops.slice(0, emitted)) lines.push(...op);
  return emitted;
}

export function generateSpec(operations: number): string {
  const lines: string[] = ["openapi: 3.0.3", "info:", "  title: Generated Bench API", "  version: 1.0.0", "servers:", "  - url: https://bench.example.com/v1", "security:", "  - bearer: []", "paths:"];
  const resources = Math.ceil(operations / 5);
  let emitted = 0;
  for (let r = 0; r < resources && emitted < operations; r++) {
    if (r % 40 === 39) {
      emitted += signInResource(r, lines, operations - emitted);
      continue;
    }
    const name = `resource${r}`;
    const model = modelOf(r);
    const paginated = r % 2 === 0;
    const searched = r % 4 === 0;
    // Some resources are keyed by a readable number rather than a uuid, as order and invoice APIs are.
    const key = r % 13 === 0 ? `${name}Number` : `${name}Id`;
    lines.push(`  /${name}:`);
    lines.push(`    get:`, `      operationId: list${r}`, `      summary: List ${name}`, `      tags: [${name}]`);
    if (paginated || searched) lines.push(`      parameters:`);
    if (paginated) lines.push(`        - { name: limit, in: query, schema: { type: integer, format: int32, minimum: 1, maximum: 100 } }`);
    if (searched) lines.push(`        - { name: q, in: query, schema: { type: string } }`);
    lines.push(`      responses:`, `        "200":`, `          description: ok`, `          content:`, `            application/json:`, `              schema: { type: array, items: ${ref(model)} }`);
    emitted++;
    if (emitted < operations) {
      lines.push(`    post:`, `      operationId: create${r}`, `      requestBody:`, `        content:`, `          application/json:`, `            schema: ${ref(model)}`);
      if (r % 50 === 1) lines.push(`          application/xml:`, `            schema: ${ref(model)}`);
      lines.push(`      responses:`, `        "201": { description: created }`, `        "400": { description: bad request }`);
      emitted++;
    }
    if (emitted < operations) {
      const keySchema = r % 13 === 0 ? `{ type: string, pattern: "^[0-9]{8}$" }` : `{ type: string, format: uuid }`;
      lines.push(`  /${name}/{${key}}:`, `    parameters:`, `      - { name: ${key}, in: path, required: true, schema: ${keySchema} }`);
      lines.push(`    get:`, `      operationId: get${r}`, `      responses:`, `        "200":`, `          description: ok`, `          content:`, `            application/json:`, `              schema: ${ref(model)}`, `        "404": { description: not found }`);
      emitted++;
    }
    if (emitted < operations) {
      lines.push(`    put:`, `      operationId: update${r}`, `      requestBody:`, `        content:`, `          application/json:`, `            schema: ${ref(model)}`, `      responses:`, `        "200": { description: ok }`);
      emitted++;
    }
    if (emitted < operations) {
      lines.push(`    delete:`, `      operationId: delete${r}`, ...(r % 11 === 0 ? ["      deprecated: true"] : []), `      responses:`, `        "204": { description: gone }`);
      emitted++;
    }
  }
  lines.push(
    "components:",
    "  securitySchemes:",
    "    bearer: { type: http, scheme: bearer, bearerFormat: JWT }",
    "  schemas:",
    "    Audited:",
    "      type: object",
    "      properties:",
    "        id: { type: string, format: uuid, readOnly: true }",
    "        createdAt: { type: string, format: date-time, readOnly: true }",
    "        updatedAt: { type: string, format: date-time, readOnly: true }",
    "    Address:",
    "      type: object",
    "      properties:",
    "        line1: { type: string, maxLength: 200 }",
    "        city: { type: string, maxLength: 100 }",
    "        postcode: { type: string, maxLength: 12 }",
    "        country: { type: string, enum: [GB, FR, DE, US] }",
    "    Money:",
    "      type: object",
    "      required: [amount, currency]",
    "      properties:",
    "        amount: { type: number }",
    '        currency: { type: string, pattern: "^[A-Z]{3}$" }',
    "    Item:",
    "      allOf:",
    `        - ${ref("Audited")}`,
    "        - type: object",
    "          required: [name]",
    "          properties:",
    "            name: { type: string, maxLength: 120 }",
    "            quantity: { type: integer, format: int32, minimum: 0, maximum: 100000 }",
    "            tags: { type: array, maxItems: 20, items: { type: string, maxLength: 40 } }",
    "    Customer:",
    "      allOf:",
    `        - ${ref("Audited")}`,
    "        - type: object",
    "          properties:",
    "            email: { type: string, format: email, maxLength: 254 }",
    "            phone: { type: string, maxLength: 30 }",
    "            dateOfBirth: { type: string, format: date }",
    "            callbackUrl: { type: string, format: uri }",
    "            avatar: { type: string, maxLength: 2048, example: 'https://cdn.example.com/avatars/42.png' }",
    `            address: ${ref("Address")}`,
    "    Payment:",
    "      allOf:",
    `        - ${ref("Audited")}`,
    "        - type: object",
    "          properties:",
    `            amount: ${ref("Money")}`,
    "            cardNumber: { type: string, maxLength: 19 }",
    "            status: { type: string, enum: [pending, authorised, settled, refunded] }",
    `            customer: ${ref("Customer")}`,
    "            lineItems:",
    "              type: array",
    "              items:",
    "                type: object",
    "                properties:",
    "                  sku: { type: string, maxLength: 40 }",
    "                  quantity: { type: integer, minimum: 1 }",
    `                  unitPrice: ${ref("Money")}`,
    "    Order:",
    "      allOf:",
    `        - ${ref("Audited")}`,
    "        - type: object",
    "          properties:",
    "            customerId: { type: string, format: uuid }",
    "            status: { type: string, enum: [draft, placed, shipped, cancelled] }",
    "            discount: { type: number, minimum: 0 }",
    "            returnUrl: { type: string, format: uri }",
    `            shippingAddress: ${ref("Address")}`,
    "            items:",
    "              type: array",
    "              items: { type: object, properties: { itemId: { type: string, format: uuid }, quantity: { type: integer, minimum: 1 } } }",
    "    Account:",
    "      allOf:",
    `        - ${ref("Audited")}`,
    "        - type: object",
    "          properties:",
    "            username: { type: string, maxLength: 64 }",
    "            email: { type: string, format: email }",
    "            role: { type: string, enum: [member, manager, admin] }",
    "            isAdmin: { type: boolean }",
    "            balance: { type: number }",
    "            verified: { type: boolean }",
    "            password: { type: string, format: password, writeOnly: true }",
    "            settings:",
    "              type: object",
    "              properties:",
    "                locale: { type: string, maxLength: 10 }",
    "                notifications: { type: object, properties: { email: { type: boolean }, sms: { type: boolean } } }",
    "    Document:",
    "      allOf:",
    `        - ${ref("Audited")}`,
    "        - type: object",
    "          properties:",
    "            title: { type: string, maxLength: 200 }",
    "            fileName: { type: string, maxLength: 255 }",
    "            source: { type: string, example: 'https://files.example.com/reports/q3.pdf' }",
    "            retries: { type: integer, minimum: 0 }",
    "    Credentials:",
    "      type: object",
    "      required: [username, password]",
    "      properties:",
    "        username: { type: string, maxLength: 64 }",
    "        password: { type: string, format: password, writeOnly: true }",
    "        redirectTo: { type: string, format: uri }",
    "    OtpCheck:",
    "      type: object",
    "      required: [code]",
    '      properties: { code: { type: string, pattern: "^[0-9]{6}$" } }',
    "    PasswordReset:",
    "      type: object",
    "      required: [email]",
    "      properties: { email: { type: string, format: email } }",
    "    Token:",
    "      type: object",
    "      properties:",
    `        access_token: { type: string, example: '${exampleJwt}' }`,
    "        token_type: { type: string, enum: [Bearer] }",
    "        refresh_token: { type: string }",
  );
  return `${lines.join("\n")}\n`;
}
