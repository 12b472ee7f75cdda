"use client";

import { useId, useLayoutEffect, useRef, useState } from "react";
import { Textarea } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { mentionToken } from "@/lib/core/comments/mentions";

type Member = { id: string; name: string; email: string };
type Props = Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange"> & {
  value: string;
  onChange: (value: string) => void;
  members: Member[];
  /** Ctrl/⌘ + Enter */
  onSubmitShortcut?: () => void;
};

/** The "@word" right before the caret, if the person is typing a mention. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([\p{L}\p{N}._-]{0,30})$/u.exec(text.slice(0, caret));
  return match ? { start: caret - match[2]!.length - 1, query: match[2]!.toLowerCase() } : null;
}

/**
 * A comment box that offers members when "@" is typed. Arrow keys move through the list,
 * Enter or Tab picks, Escape closes; the chosen member is written as @[Name](mention:id).
 */
export function MentionTextarea({ value, onChange, members, onSubmitShortcut, ...props }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  // Where the caret goes once the inserted mention has rendered. Set in a layout effect, before
  // the next keystroke is handled, so fast typing continues right after the mention.
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current === null || !ref.current) return;
    ref.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [value]);
  const matches = mention ? members.filter((member) => member.name.toLowerCase().includes(mention.query) || member.email.toLowerCase().startsWith(mention.query)).slice(0, 6) : [];
  const open = matches.length > 0;

  const track = (text: string, caret: number) => {
    setMention(mentionQuery(text, caret));
    setActive(0);
  };

  const pick = (member: Member) => {
    if (!mention) return;
    const caret = mention.start + 1 + mention.query.length;
    const token = `${mentionToken(member.name, member.id)} `;
    const next = value.slice(0, mention.start) + token + value.slice(caret);
    pendingCaret.current = mention.start + token.length;
    onChange(next);
    setMention(null);
    ref.current?.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && onSubmitShortcut) {
      event.preventDefault();
      onSubmitShortcut();
      return;
    }
    if (!open) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive((current) => (current + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      pick(matches[active]!);
    } else if (event.key === "Escape") {
      // Close the list without closing a surrounding dialog.
      event.preventDefault();
      event.stopPropagation();
      setMention(null);
    }
  };

  return (
    <div className="relative">
      <Textarea
        ref={ref}
        {...props}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          track(event.target.value, event.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onClick={(event) => track(event.currentTarget.value, event.currentTarget.selectionStart)}
        onBlur={() => setTimeout(() => setMention(null), 150)}
      />
      {open && (
        <ul id={listId} role="listbox" aria-label="Members to mention" className="absolute left-2 top-full z-20 mt-1 w-72 overflow-hidden rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200">
          {matches.map((member, index) => (
            <li
              key={member.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={cn("cursor-pointer px-3 py-1.5", index === active ? "bg-brand-50 text-brand-900" : "text-slate-800")}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(member);
              }}
            >
              <span className="font-medium">{member.name}</span> <span className="text-xs text-slate-600">{member.email}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="sr-only" aria-live="polite">
        {open ? `${matches.length} member${matches.length === 1 ? "" : "s"} to mention; use the arrow keys and Enter.` : ""}
      </p>
    </div>
  );
}
