// What changed between two versions of a threat model: threats added, removed and changed
// (score, severity, status…) and checklist answers that moved.

export type TDiffThreat = {
  catalogEntryKey: string | null;
  title: string;
  likelihood: number;
  impact: number;
  score: number;
  severity: string;
  status: string;
};

export type TDiffAnswer = { entryKey: string; answer: string };

const COMPARED = ["title", "likelihood", "impact", "score", "severity", "status"] as const;

export type TThreatChange = { key: string; title: string; changes: Partial<Record<(typeof COMPARED)[number], { from: string | number; to: string | number }>> };

export type TVersionDiff = {
  added: { key: string; title: string; severity: string; score: number }[];
  removed: { key: string; title: string; severity: string; score: number }[];
  changed: TThreatChange[];
  answers: { entryKey: string; from: string | null; to: string | null }[];
  scoreBefore: number;
  scoreAfter: number;
};

/** Threats from the checklist match by entry; manual ones by title. */
export const threatKey = (threat: Pick<TDiffThreat, "catalogEntryKey" | "title">) => threat.catalogEntryKey ?? `manual:${threat.title.trim().toLowerCase()}`;

const liveScore = (threats: TDiffThreat[]) => threats.filter((threat) => threat.status === "OPEN").reduce((sum, threat) => sum + threat.score, 0);

export function diffVersions(before: { threats: TDiffThreat[]; answers: TDiffAnswer[] }, after: { threats: TDiffThreat[]; answers: TDiffAnswer[] }): TVersionDiff {
  const old = new Map(before.threats.map((threat) => [threatKey(threat), threat]));
  const now = new Map(after.threats.map((threat) => [threatKey(threat), threat]));
  const summary = (key: string, threat: TDiffThreat) => ({ key, title: threat.title, severity: threat.severity, score: threat.score });
  const diff: TVersionDiff = { added: [], removed: [], changed: [], answers: [], scoreBefore: liveScore(before.threats), scoreAfter: liveScore(after.threats) };
  for (const [key, threat] of now) {
    const previous = old.get(key);
    if (!previous) {
      diff.added.push(summary(key, threat));
      continue;
    }
    const changes: TThreatChange["changes"] = {};
    for (const field of COMPARED) if (previous[field] !== threat[field]) changes[field] = { from: previous[field], to: threat[field] };
    if (Object.keys(changes).length) diff.changed.push({ key, title: threat.title, changes });
  }
  for (const [key, threat] of old) if (!now.has(key)) diff.removed.push(summary(key, threat));
  const oldAnswers = new Map(before.answers.map((answer) => [answer.entryKey, answer.answer]));
  const newAnswers = new Map(after.answers.map((answer) => [answer.entryKey, answer.answer]));
  for (const key of new Set([...oldAnswers.keys(), ...newAnswers.keys()])) {
    const from = oldAnswers.get(key) ?? null;
    const to = newAnswers.get(key) ?? null;
    if (from !== to) diff.answers.push({ entryKey: key, from, to });
  }
  return diff;
}
