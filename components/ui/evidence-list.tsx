import { ReasonText } from "./reason-text";

export type TEvidenceOperation = { id: string; operationKey: string; removed?: boolean; reasons: string[] };

const MAX_REASONS = 5;

/** A reason without the operation it starts with, for a list that names the operation above it. */
function withoutOperation(reason: string, operationKey: string): string {
  const prefix = `\`${operationKey}\``;
  if (!reason.startsWith(prefix)) return reason;
  return reason.slice(prefix.length).replace(/^:?\s+/, "");
}

/**
 * Per operation, why the rules linked it: the operation as the spec writes it, then each piece of
 * evidence (at most five, then a count). API-wide reasons follow, for evidence that names no operation.
 */
export function EvidenceList({ operations, apiReasons = [], label }: { operations: TEvidenceOperation[]; apiReasons?: string[]; label: string }) {
  if (!operations.length && !apiReasons.length) return null;
  return (
    <ul aria-label={label} className="space-y-2 text-sm">
      {operations.map((operation) => (
        <li key={operation.id}>
          <code className="font-mono text-xs font-medium text-slate-900">{operation.operationKey}</code>
          {operation.removed && <span className="ml-2 text-xs text-slate-600">(no longer in the spec)</span>}
          <ul className="mt-0.5 list-disc space-y-0.5 pl-5 text-slate-700">
            {operation.reasons.slice(0, MAX_REASONS).map((reason) => (
              <li key={reason}>
                <ReasonText text={withoutOperation(reason, operation.operationKey)} />
              </li>
            ))}
            {operation.reasons.length > MAX_REASONS && <li className="list-none text-slate-600">and {operation.reasons.length - MAX_REASONS} more</li>}
          </ul>
        </li>
      ))}
      {apiReasons.map((reason) => (
        <li key={reason}>
          <span className="text-xs font-medium text-slate-900">Whole API</span>
          <p className="mt-0.5 pl-5 text-slate-700">
            <ReasonText text={reason} />
          </p>
        </li>
      ))}
    </ul>
  );
}
