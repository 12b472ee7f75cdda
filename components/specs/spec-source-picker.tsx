"use client";

import { useId, useState } from "react";
import { TabList, tabPanelProps } from "@/components/ui/tabs";
import { Field, Input, Textarea } from "@/components/ui/field";

export type TSpecSource = { kind: "file"; file: File } | { kind: "text"; text: string } | { kind: "url"; url: string };

const TABS = [
  { id: "file", label: "Upload a file" },
  { id: "text", label: "Paste" },
  { id: "url", label: "From a URL" },
] as const;

/** Upload, paste or URL: reports the chosen source (or null while incomplete). */
export function SpecSourcePicker({ onChange, disabled }: { onChange: (source: TSpecSource | null) => void; disabled?: boolean }) {
  const [tab, setTab] = useState<(typeof TABS)[number]["id"]>("file");
  const [text, setText] = useState("");
  const [url, setUrl] = useState("");
  const base = useId();

  const select = (next: typeof tab) => {
    setTab(next);
    onChange(next === "text" && text.trim() ? { kind: "text", text } : next === "url" && url.trim() ? { kind: "url", url: url.trim() } : null);
  };

  return (
    <div className="space-y-3">
      <TabList label="Where the spec comes from" tabs={TABS} active={tab} onSelect={select} idPrefix={base} variant="pills" disabled={disabled} />
      <div {...tabPanelProps(base, tab)}>
        {tab === "file" && (
          <Field id={`${base}-file`} label="OpenAPI 3.0/3.1 or Swagger 2.0 file (JSON or YAML, up to 10 MB)">
            <input
              id={`${base}-file`}
              type="file"
              accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
              disabled={disabled}
              onChange={(event) => {
                const file = event.target.files?.[0];
                onChange(file ? { kind: "file", file } : null);
              }}
              className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-brand-600 file:px-3 file:py-2 file:text-sm file:font-medium file:text-white hover:file:bg-brand-700"
            />
          </Field>
        )}
        {tab === "text" && (
          <Field id={`${base}-text`} label="Spec text (JSON or YAML)">
            <Textarea
              id={`${base}-text`}
              rows={10}
              className="font-mono text-xs"
              value={text}
              disabled={disabled}
              spellCheck={false}
              placeholder={"openapi: 3.1.0\ninfo:\n  title: …"}
              onChange={(event) => {
                setText(event.target.value);
                onChange(event.target.value.trim() ? { kind: "text", text: event.target.value } : null);
              }}
            />
          </Field>
        )}
        {tab === "url" && (
          <Field id={`${base}-url`} label="URL of the spec" hint="Bulwark fetches it once, from public addresses only (no internal hosts), 10 MB and 10 seconds at most.">
            <Input
              id={`${base}-url`}
              type="url"
              placeholder="https://api.example.com/openapi.yaml"
              value={url}
              disabled={disabled}
              onChange={(event) => {
                setUrl(event.target.value);
                onChange(event.target.value.trim() ? { kind: "url", url: event.target.value.trim() } : null);
              }}
            />
          </Field>
        )}
      </div>
    </div>
  );
}

/** Query parameters that record how a spec arrived. */
export function sourceQuery(source: TSpecSource): string {
  if (source.kind === "file") return `source=upload&fileName=${encodeURIComponent(source.file.name.slice(0, 255))}`;
  if (source.kind === "text") return "source=paste";
  return "";
}
