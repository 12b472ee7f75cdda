"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";

/** List filters kept in the address bar, so a filtered view can be bookmarked and shared. */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(() => {
    const out: Partial<Record<K, string>> = {};
    for (const key of keys) {
      const value = params.get(key);
      if (value) out[key] = value;
    }
    return out;
  }, [params, keys]);
  const setFilter = (key: K, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return { filters, setFilter, clear: () => router.replace(pathname, { scroll: false }) };
}

/**
 * The search box of a list whose filters live in the address bar: what the person types, written
 * to the `q` filter 250 ms after they stop, so each keystroke does not cost a request.
 */
export function useDebouncedSearch(current: string | undefined, write: (value: string) => void) {
  const [search, setSearch] = useState(current ?? "");
  // The timer reads the filters as they are when it fires, not as they were when typing began:
  // a filter cleared or a sort chosen in those 250 ms must not be overwritten by a stale copy.
  const latest = useRef({ current, write });
  useEffect(() => {
    latest.current = { current, write };
  });
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((latest.current.current ?? "") !== search.trim()) latest.current.write(search.trim());
    }, 250);
    return () => clearTimeout(timer);
  }, [search]);
  return [search, setSearch] as const;
}
