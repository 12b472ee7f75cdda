"use client";

import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Severity } from "@/lib/generated/prisma/enums";
import type { TDashboard } from "@/lib/query/types";

// Severity colours with at least 3:1 contrast against white (WCAG 1.4.11); every chart also has
// its numbers in a table for people who would rather read than look.
export const SEVERITY_COLOUR: Record<Severity, string> = { CRITICAL: "#991b1b", HIGH: "#ea580c", MEDIUM: "#a16207", LOW: "#15803d" };
const ORDER: Severity[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
const LABEL: Record<Severity, string> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low" };
// Stacked lowest first (low at the bottom), listed in the legend worst first.
const legendOrder = (item: { value?: unknown }) => -["Low", "Medium", "High", "Critical"].indexOf(String(item.value));

const weekLabel = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

export function TrendChart({ trend }: { trend: TDashboard["trend"] }) {
  const data = trend.map((point) => ({ week: point.live ? "This week" : weekLabel(point.week), ...point.open }));
  return (
    <ResponsiveContainer width="100%" height={240}>
      <AreaChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="week" tick={{ fontSize: 12, fill: "#475569" }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#475569" }} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={legendOrder} />
        {ORDER.map((severity) => (
          <Area key={severity} type="monotone" dataKey={severity} name={LABEL[severity]} stackId="open" stroke={SEVERITY_COLOUR[severity]} fill={SEVERITY_COLOUR[severity]} fillOpacity={0.75} isAnimationActive={false} />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}

export function TeamChart({ teams }: { teams: TDashboard["teams"] }) {
  const data = teams.map((team) => ({ team: team.team || "No team", ...team.open }));
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, data.length * 34 + 60)}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12, fill: "#475569" }} />
        <YAxis type="category" dataKey="team" width={150} tick={{ fontSize: 12, fill: "#334155" }} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={legendOrder} />
        {ORDER.map((severity) => (
          <Bar key={severity} dataKey={severity} name={LABEL[severity]} stackId="open" fill={SEVERITY_COLOUR[severity]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
