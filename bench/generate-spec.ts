// A synthetic but realistic OpenAPI 3.0 document: resources with list/get/create/update/delete,
// shared component schemas, path ids, pagination on some lists, sensitive fields on some models.

export function generateSpec(operations: number): string {
  const lines: string[] = ["openapi: 3.0.3", "info:", "  title: Generated Bench API", "  version: 1.0.0", "servers:", "  - url: https://bench.example.com/v1", "security:", "  - bearer: []", "paths:"];
  const resources = Math.ceil(operations / 5);
  let emitted = 0;
  for (let r = 0; r < resources && emitted < operations; r++) {
    const name = `resource${r}`;
    const model = r % 7 === 0 ? "Customer" : r % 3 === 0 ? "Payment" : "Item";
    const paginated = r % 2 === 0;
    lines.push(`  /${name}:`);
    lines.push(`    get:`, `      operationId: list${r}`, `      summary: List ${name}`, `      tags: [${name}]`);
    if (paginated) lines.push(`      parameters:`, `        - { name: limit, in: query, schema: { type: integer, format: int32, minimum: 1, maximum: 100 } }`);
    lines.push(`      responses:`, `        "200":`, `          description: ok`, `          content:`, `            application/json:`, `              schema: { type: array, items: { $ref: "#/components/schemas/${model}" } }`);
    emitted++;
    if (emitted < operations) {
      lines.push(`    post:`, `      operationId: create${r}`, `      requestBody:`, `        content:`, `          application/json:`, `            schema: { $ref: "#/components/schemas/${model}" }`);
      lines.push(`      responses:`, `        "201": { description: created }`, `        "400": { description: bad request }`);
      emitted++;
    }
    if (emitted < operations) {
      lines.push(`  /${name}/{${name}Id}:`, `    parameters:`, `      - { name: ${name}Id, in: path, required: true, schema: { type: string, format: uuid } }`);
      lines.push(`    get:`, `      operationId: get${r}`, `      responses:`, `        "200":`, `          description: ok`, `          content:`, `            application/json:`, `              schema: { $ref: "#/components/schemas/${model}" }`, `        "404": { description: not found }`);
      emitted++;
    }
    if (emitted < operations) {
      lines.push(`    put:`, `      operationId: update${r}`, `      requestBody:`, `        content:`, `          application/json:`, `            schema: { $ref: "#/components/schemas/${model}" }`, `      responses:`, `        "200": { description: ok }`);
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
    "    Item:",
    "      type: object",
    "      properties:",
    "        id: { type: string, format: uuid }",
    "        name: { type: string, maxLength: 120 }",
    "        quantity: { type: integer, format: int32, minimum: 0, maximum: 100000 }",
    "    Customer:",
    "      type: object",
    "      properties:",
    "        id: { type: string, format: uuid }",
    "        email: { type: string, format: email, maxLength: 254 }",
    "        phone: { type: string, maxLength: 30 }",
    "        dateOfBirth: { type: string, format: date }",
    "        callbackUrl: { type: string, format: uri }",
    "    Payment:",
    "      type: object",
    "      properties:",
    "        id: { type: string, format: uuid }",
    "        amount: { type: number }",
    "        cardNumber: { type: string, maxLength: 19 }",
    "        customer: { $ref: '#/components/schemas/Customer' }",
  );
  return `${lines.join("\n")}\n`;
}
