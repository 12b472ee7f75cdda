import { describe, expect, it } from "vitest";
import { impactTouches, scoreImpact, scoreLikelihood } from "./scoring";
import { bearer, contextOf, json, ok, spec } from "./test-support";

describe("scores from evidence", () => {
  const document = spec(
    {
      "/health": { get: { security: [], responses: ok() } },
      "/users/{id}": { get: { responses: ok({ type: "object", properties: { passwordHash: { type: "string" } } }) } },
      "/payments": { post: { requestBody: json({ type: "object", properties: { amount: { type: "number" } } }), responses: ok() } },
      "/notes": { get: { responses: ok({ type: "object", properties: { text: { type: "string" } } }) } },
    },
    bearer,
  );
  const context = contextOf(document);
  const [health, user, payment, notes] = context.model.operations;

  it("likelihood rises with internet exposure, anonymous callers and direct evidence", () => {
    expect(scoreLikelihood(context, health ?? null, "direct")).toBe(5);
    expect(scoreLikelihood(context, user ?? null, "direct")).toBe(4);
    expect(scoreLikelihood(context, user ?? null, "indirect")).toBe(2);
    expect(scoreLikelihood(contextOf(document, { exposure: "INTERNAL" }), user ?? null, "indirect")).toBe(1);
  });

  it("impact comes from what the operation touches: credentials over money over ordinary data", () => {
    expect(user && impactTouches(user, context)).toContain("credentials");
    expect(scoreImpact(user ?? null, context)).toBe(5);
    expect(scoreImpact(payment ?? null, context)).toBe(4);
    expect(scoreImpact(notes ?? null, context)).toBe(2);
    expect(scoreImpact(notes ?? null, context, 4)).toBe(4);
  });
});
