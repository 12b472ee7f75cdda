import type { Metadata } from "next";
import { CatalogueCard } from "@/components/settings/catalogue-card";
import { RiskBandsCard } from "@/components/settings/risk-bands-form";
import { SecurityCard } from "@/components/settings/security-card";
import { SlaCard } from "@/components/settings/sla-card";
import { SpecRulesCard } from "@/components/settings/spec-rules-card";
import { TemplatesCard } from "@/components/settings/templates-card";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Settings</h1>
        <p className="mt-1 text-sm text-slate-600">How this organisation scores risk, how fast it fixes what it finds and what its threat checklist asks. Admins change these; everyone can read them.</p>
      </div>
      <RiskBandsCard />
      <SlaCard />
      <CatalogueCard />
      <SpecRulesCard />
      <TemplatesCard />
      <SecurityCard />
    </div>
  );
}
