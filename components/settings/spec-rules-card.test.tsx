import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TSpecRuleItem } from "@/lib/query/types";
import { SpecRulesList, type TSwitchStatus } from "./spec-rules-card";
import { groupSpecRules, matchesSpecRule } from "./spec-rules-filter";

// Made-up rules in the list's shape; the card must work for whatever rules the engine ships.
const rule = (id: string, entryKey: string, entryTitle: string, looksFor: string, answer: "YES" | "UNSURE", enabled = true): TSpecRuleItem => ({ id, entryKey, entryTitle, looksFor, example: `example of ${id}`, answer, enabled });

const RULES: TSpecRuleItem[] = [
  rule("alpha-writable-flag", "entry-a", "Entry A title", "request bodies that accept a privileged flag", "YES"),
  rule("alpha-reused-model", "entry-a", "Entry A title", "write bodies that reuse the read model", "UNSURE", false),
  rule("beta-debug-path", "entry-b", "Entry B title", "debug or maintenance paths without authentication", "YES"),
];

const render = (overrides: Partial<Parameters<typeof SpecRulesList>[0]> = {}) =>
  renderToStaticMarkup(<SpecRulesList rules={RULES} filter="" onFilterChange={() => undefined} manage pendingId={null} status={null} onSwitch={() => undefined} {...overrides} />);

/** Each switch's start tag, by the rule its label names. */
function switches(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<button[^>]*role="switch"[^>]*>/g)].map((match) => [/aria-label="Rule ([^"]+)"/.exec(match[0])![1]!, match[0]]));
}

/** Whether a start tag carries the boolean `disabled` attribute (not the `disabled:` class variant). */
const isDisabled = (tag: string) => /\sdisabled=""/.test(tag);

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/\s+/g, " ");

describe("spec rules filter", () => {
  it("keeps a rule when every typed word is in its entry title, what it looks for or its id", () => {
    expect(matchesSpecRule(RULES[0]!, "")).toBe(true);
    expect(matchesSpecRule(RULES[0]!, "PRIVILEGED bodies")).toBe(true);
    expect(matchesSpecRule(RULES[0]!, "entry a")).toBe(true);
    expect(matchesSpecRule(RULES[0]!, "privileged debug")).toBe(false);
  });

  it("groups by entry in rule order and counts the rules switched on", () => {
    expect(groupSpecRules(RULES, "").map((group) => [group.entryTitle, group.rules.map((r) => r.id), group.enabled])).toEqual([
      ["Entry A title", ["alpha-writable-flag", "alpha-reused-model"], 1],
      ["Entry B title", ["beta-debug-path"], 1],
    ]);
    expect(groupSpecRules(RULES, "debug").map((group) => group.entryKey)).toEqual(["entry-b"]);
  });
});

describe("spec rules list", () => {
  it("shows every rule under its entry with what it looks for, the example as code and the answer", () => {
    const html = render();
    const words = text(html);
    expect(words).toContain("2 of 3 on");
    expect(words).toContain("Entry A title (1 of 2 on)");
    expect(words).toContain("Entry B title (1 of 1 on)");
    for (const item of RULES) {
      expect(words).toContain(item.looksFor);
      expect(html).toContain(`<code class="`);
      expect(html).toMatch(new RegExp(`<code[^>]*>example of ${item.id}</code>`));
    }
    expect(words).toContain("Answers “Yes”");
    expect(words).toContain("Answers “Unsure”");
  });

  it("gives each rule a named switch carrying its state, usable by admins", () => {
    const found = switches(render());
    expect([...found.keys()]).toEqual(RULES.map((item) => item.id));
    expect(found.get("alpha-writable-flag")).toContain('aria-checked="true"');
    expect(found.get("alpha-reused-model")).toContain('aria-checked="false"');
    for (const tag of found.values()) expect(isDisabled(tag)).toBe(false);
  });

  it("shows the state read-only to members who may not manage settings", () => {
    const found = switches(render({ manage: false }));
    expect(found.size).toBe(RULES.length);
    for (const tag of found.values()) expect(isDisabled(tag)).toBe(true);
  });

  it("disables only the switch being saved", () => {
    const found = switches(render({ pendingId: "beta-debug-path" }));
    expect(isDisabled(found.get("beta-debug-path")!)).toBe(true);
    expect(isDisabled(found.get("alpha-writable-flag")!)).toBe(false);
  });

  it("filters, says how many rules it shows, and offers to clear a filter that matches nothing", () => {
    const filtered = text(render({ filter: "debug" }));
    expect(filtered).toContain("showing 1 of 3 rules");
    expect(filtered).not.toContain("Entry A title");
    const none = text(render({ filter: "nothing-like-this" }));
    expect(none).toContain("No rule matches “nothing-like-this”");
    expect(none).toContain("Clear the filter");
  });

  it("shows the outcome of a switch, an error as an alert", () => {
    const saved: TSwitchStatus = { tone: "success", text: "Rule beta-debug-path is off." };
    expect(render({ status: saved })).toMatch(/role="status"[^>]*>.*Rule beta-debug-path is off\./);
    const failed: TSwitchStatus = { tone: "error", text: "Rule beta-debug-path could not be switched off: You may not change settings." };
    expect(render({ status: failed })).toMatch(/role="alert"[^>]*>.*could not be switched off: You may not change settings\./);
  });

  it("says so when there are no rules at all", () => {
    expect(text(render({ rules: [] }))).toContain("No spec rules");
  });
});
