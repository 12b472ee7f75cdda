import { Fragment } from "react";

/**
 * A rule's reason as people read it: the spec names it quotes (`POST /accounts`, `isAdmin`) in
 * code type, the rest as text. Reasons come from the rules, never from HTML: nothing is parsed.
 */
export function ReasonText({ text }: { text: string }) {
  const parts = text.split("`");
  // An odd number of backticks leaves the last one unmatched: show it as text.
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 && index < parts.length - 1 ? (
          <code key={index} className="rounded bg-slate-100 px-1 font-mono text-[0.85em] text-slate-900">
            {part}
          </code>
        ) : (
          <Fragment key={index}>{index % 2 === 1 ? `\`${part}` : part}</Fragment>
        ),
      )}
    </>
  );
}
