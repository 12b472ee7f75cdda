"use client";

import { useState } from "react";
import { useOrg } from "@/components/shell/org-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterText } from "@/components/ui/filter-bar";
import { useSpecRules, useSwitchSpecRule } from "@/lib/query/settings";
import type { TSpecRuleItem } from "@/lib/query/types";
import { SettingsCard } from "./settings-card";
import { groupSpecRules } from "./spec-rules-filter";

export type TSwitchStatus = { tone: "success" | "error"; text: string };

export function SpecRulesCard() {
  const org = useOrg();
  const rules = useSpecRules(org.slug);
  const switchRule = useSwitchSpecRule(org.slug);
  const [filter, setFilter] = useState("");
  const [status, setStatus] = useState<TSwitchStatus | null>(null);
  const manage = org.can("settings:manage");

  const onSwitch = (rule: TSpecRuleItem, enabled: boolean) => {
    setStatus(null);
    switchRule.mutate(
      { id: rule.id, enabled },
      {
        onSuccess: () =>
          setStatus({
            tone: "success",
            text: enabled ? `Rule ${rule.id} is on. Threat models created from now on use it.` : `Rule ${rule.id} is off. Threat models created from now on skip it; existing models keep their pre-answers.`,
          }),
        // The API's problem detail is already a sentence for people (fetcher.ts); say which switch failed.
        onError: (error) => setStatus({ tone: "error", text: `Rule ${rule.id} could not be switched ${enabled ? "on" : "off"}: ${error.message}` }),
      },
    );
  };

  return (
    <SettingsCard
      id="spec-rules-heading"
      title="Spec rules"
      description={`What Bulwark looks for in an imported spec to pre-answer checklist entries of a new threat model. Switch off a rule that does not fit how your APIs are built; models created afterwards no longer use it.${manage ? "" : " Only admins can switch rules."}`}
      loadingLabel="Loading the spec rules"
    >
      {rules.isError ? (
        <Alert tone="error" className="m-4" title="The spec rules could not be loaded.">
          {rules.error.message}
        </Alert>
      ) : (
        rules.data && <SpecRulesList rules={rules.data} filter={filter} onFilterChange={setFilter} manage={manage} pendingId={switchRule.isPending ? switchRule.variables.id : null} status={status} onSwitch={onSwitch} />
      )}
    </SettingsCard>
  );
}

type TSpecRulesListProps = {
  rules: TSpecRuleItem[];
  filter: string;
  onFilterChange: (filter: string) => void;
  /** Whether the caller may switch rules; without it the switches only show the state. */
  manage: boolean;
  /** The rule whose switch is being saved. */
  pendingId: string | null;
  status: TSwitchStatus | null;
  onSwitch: (rule: TSpecRuleItem, enabled: boolean) => void;
};

/** The rules grouped by checklist entry, with the filter and the counts. Exported for the tests. */
export function SpecRulesList({ rules, filter, onFilterChange, manage, pendingId, status, onSwitch }: TSpecRulesListProps) {
  if (rules.length === 0) return <EmptyState title="No spec rules" description="This version of Bulwark has no spec rules to switch." />;
  const groups = groupSpecRules(rules, filter);
  const shown = groups.reduce((sum, group) => sum + group.rules.length, 0);
  const enabled = rules.filter((rule) => rule.enabled).length;
  return (
    <div>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-5 py-3">
        <FilterText id="spec-rules-filter" label="Filter spec rules" placeholder="Filter by checklist entry or what a rule looks for" value={filter} onChange={onFilterChange} type="search" className="min-w-64 flex-1" />
        <p className="text-sm text-slate-700" aria-live="polite">
          <span className="font-medium">
            {enabled} of {rules.length} on
          </span>
          {filter.trim() && ` · showing ${shown} of ${rules.length} rules`}
        </p>
      </div>
      <div aria-live="polite">{status?.tone === "success" && <Alert tone="success" className="mx-5 mt-3">{status.text}</Alert>}</div>
      {status?.tone === "error" && (
        <Alert tone="error" className="mx-5 mt-3">
          {status.text}
        </Alert>
      )}
      {groups.length === 0 ? (
        <EmptyState
          title={`No rule matches “${filter.trim()}”`}
          description="Try a word from a checklist entry's title or from what a rule looks for."
          action={
            <Button variant="secondary" size="sm" onClick={() => onFilterChange("")}>
              Clear the filter
            </Button>
          }
        />
      ) : (
        <div className="divide-y divide-slate-200">
          {groups.map((group) => (
            <section key={group.entryKey} aria-labelledby={`spec-rules-${group.entryKey}`} className="px-5 py-4">
              <h3 id={`spec-rules-${group.entryKey}`} className="text-sm font-semibold text-slate-900">
                {group.entryTitle}{" "}
                <span className="font-normal text-slate-600">
                  ({group.enabled} of {group.rules.length} on)
                </span>
              </h3>
              <ul className="mt-2 space-y-3">
                {group.rules.map((rule) => (
                  <SpecRuleRow key={rule.id} rule={rule} manage={manage} pending={pendingId === rule.id} onSwitch={onSwitch} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}

function SpecRuleRow({ rule, manage, pending, onSwitch }: { rule: TSpecRuleItem; manage: boolean; pending: boolean; onSwitch: (rule: TSpecRuleItem, enabled: boolean) => void }) {
  const describedById = `spec-rule-${rule.id}-looks-for`;
  return (
    <li className="flex items-start gap-3 text-sm">
      <button
        type="button"
        role="switch"
        aria-checked={rule.enabled}
        aria-label={`Rule ${rule.id}`}
        aria-describedby={describedById}
        aria-busy={pending || undefined}
        disabled={!manage || pending}
        onClick={() => onSwitch(rule, !rule.enabled)}
        className={cn(
          "relative mt-0.5 inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed",
          rule.enabled ? "bg-brand-600" : "bg-slate-300",
          !manage && "opacity-70",
        )}
      >
        <span aria-hidden className={cn("inline-block size-4 rounded-full bg-white shadow transition-transform", rule.enabled ? "translate-x-4.5" : "translate-x-0.5")} />
      </button>
      {/* The state in words too, so it does not rest on colour alone. */}
      <span aria-hidden className={cn("mt-0.5 w-7 shrink-0 text-xs font-medium", rule.enabled ? "text-brand-700" : "text-slate-500")}>
        {rule.enabled ? "On" : "Off"}
      </span>
      <div className="min-w-0 flex-1">
        <p id={describedById} className={rule.enabled ? "text-slate-900" : "text-slate-500"}>
          {rule.looksFor}
        </p>
        <p className="mt-1 text-xs text-slate-600">
          Example: <code className="rounded bg-slate-100 px-1 py-0.5 font-mono break-words text-slate-800">{rule.example}</code>
        </p>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
          <span className="font-mono">{rule.id}</span>
          <Badge tone={rule.answer === "YES" ? "warning" : "info"}>Answers “{rule.answer === "YES" ? "Yes" : "Unsure"}”</Badge>
        </p>
      </div>
    </li>
  );
}
