"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { useMarkNotificationsRead, useNotifications } from "@/lib/query/mitigations";
import { useOrg } from "./org-context";

const ago = (iso: string) => {
  const minutes = Math.round((Date.now() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 60 * 24) return `${Math.round(minutes / 60)} h ago`;
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short" });
};

/** The header bell: unread count on the button, the latest notifications in a panel below it. */
export function NotificationBell() {
  const org = useOrg();
  const router = useRouter();
  const inbox = useNotifications(org.slug);
  const markRead = useMarkNotificationsRead(org.slug);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const unread = inbox.data?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={wrapper} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="relative rounded-md p-1.5 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        <span className="sr-only">{`Notifications${unread ? `, ${unread} unread` : ""}`}</span>
        <svg aria-hidden viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth={1.8}>
          <path d="M15 17h5l-1.4-1.4A2 2 0 0118 14.2V11a6 6 0 10-12 0v3.2a2 2 0 01-.6 1.4L4 17h5m6 0a3 3 0 11-6 0m6 0H9" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        {unread > 0 && (
          <span aria-hidden data-testid="unread-count" className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      <div id={panelId} hidden={!open} className="absolute right-0 z-30 mt-2 w-96 max-w-[90vw] rounded-lg bg-white shadow-xl ring-1 ring-slate-200">
        <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2.5">
          <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
          {unread > 0 && (
            <Button variant="ghost" size="sm" loading={markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
              Mark all read
            </Button>
          )}
        </div>
        {!inbox.data ? (
          <div className="flex justify-center p-6">
            <Spinner label="Loading notifications" />
          </div>
        ) : inbox.data.items.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-slate-600">You are all caught up.</p>
        ) : (
          <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto" aria-label="Latest notifications">
            {inbox.data.items.map((item) => (
              <li key={item.id}>
                <a
                  href={item.link}
                  onClick={(event) => {
                    event.preventDefault();
                    if (!item.readAt) markRead.mutate({ ids: [item.id] });
                    setOpen(false);
                    router.push(item.link);
                  }}
                  className={cn("block px-4 py-3 text-sm hover:bg-slate-50", !item.readAt && "bg-brand-50/60")}
                >
                  <span className="flex items-start gap-2">
                    {!item.readAt && <span aria-hidden className="mt-1.5 size-2 shrink-0 rounded-full bg-brand-600" />}
                    <span className="min-w-0">
                      <span className={cn("block text-slate-900", !item.readAt && "font-semibold")}>
                        {!item.readAt && <span className="sr-only">Unread: </span>}
                        {item.title}
                      </span>
                      {item.body && <span className="mt-0.5 block text-xs text-slate-700">{item.body}</span>}
                      <span className="mt-0.5 block text-xs text-slate-600">{ago(item.createdAt)}</span>
                    </span>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
