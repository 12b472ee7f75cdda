import { describe, expect, it } from "vitest";
import { sampleModel } from "@/tests/support/sample-report-data";
import { toOtm, validateOtm } from "./otm";

describe("OTM export", () => {
  it("carries the spec rules' reasons per operation and threat, and stays a valid OTM document", () => {
    const data = sampleModel(3);
    const [first, second, third] = data.threats;
    const shared = "GET /orders/{id}";
    first!.operations = [{ label: shared, reasons: ["`GET /orders/{id}` takes `id` in its path and documents no ownership check."] }];
    second!.operations = [{ label: shared, reasons: [] }];
    third!.operations = [];

    const otm = toOtm(data);
    expect(validateOtm(JSON.parse(JSON.stringify(otm))).ok).toBe(true);
    const component = otm.components?.find((candidate) => candidate.name === shared);
    expect(component?.threats?.map((instance) => instance.threat).sort()).toEqual([first!.id, second!.id].sort());
    // Only the rule-linked threat has reasons; the one a person linked has none to carry.
    expect(component?.attributes).toEqual({ "bulwark:linkReasons": { [first!.id]: first!.operations[0]!.reasons } });
  });

  it("adds no attributes to an operation no rule gave a reason for", () => {
    const data = sampleModel(2);
    for (const threat of data.threats) threat.operations = threat.operations.map((operation) => ({ ...operation, reasons: [] }));
    const operations = toOtm(data).components?.filter((component) => component.type === "api-operation") ?? [];
    expect(operations.length).toBeGreaterThan(0);
    for (const component of operations) expect(component.attributes).toBeUndefined();
  });
});
