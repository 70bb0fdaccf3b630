"use client";

import { useState } from "react";
import { CopyButton } from "./copy-button";
import { cn } from "./cn";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function Scalar({ value }: { value: Json }) {
  if (value === null) return <span className="text-zinc-500 dark:text-zinc-400">null</span>;
  if (typeof value === "string")
    return <span className="wrap-anywhere text-emerald-700 dark:text-emerald-400">{JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span className="text-sky-700 dark:text-sky-400">{value}</span>;
  return <span className="text-violet-700 dark:text-violet-400">{String(value)}</span>;
}

function Node({
  name,
  value,
  depth,
  defaultOpenDepth,
}: {
  name?: string;
  value: Json;
  depth: number;
  defaultOpenDepth: number;
}) {
  const isObject = value !== null && typeof value === "object";
  const [open, setOpen] = useState(depth < defaultOpenDepth);
  const label =
    name !== undefined ? <span className="text-zinc-600 dark:text-zinc-400">{JSON.stringify(name)}: </span> : null;
  if (!isObject) {
    return (
      <div style={{ paddingLeft: depth * 14 }}>
        {label}
        <Scalar value={value} />
      </div>
    );
  }
  const entries: [string | undefined, Json][] = Array.isArray(value)
    ? value.map((v) => [undefined, v])
    : Object.entries(value);
  const [openMark, closeMark] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return (
    <div>
      <div style={{ paddingLeft: depth * 14 }}>
        <button
          type="button"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
          className="mr-1 w-3 text-zinc-500 dark:text-zinc-400 hover:text-zinc-900 dark:hover:text-zinc-100"
          aria-label={open ? "Collapse" : "Expand"}
        >
          {open ? "▾" : "▸"}
        </button>
        {label}
        {openMark}
        {!open ? (
          <span className="text-zinc-500 dark:text-zinc-400">
            {" "}
            {entries.length} {Array.isArray(value) ? "items" : "keys"} {closeMark}
          </span>
        ) : null}
      </div>
      {open ? (
        <>
          {entries.map(([k, v], i) => (
            <Node key={k ?? i} name={k} value={v} depth={depth + 1} defaultOpenDepth={defaultOpenDepth} />
          ))}
          <div style={{ paddingLeft: depth * 14 + 16 }}>{closeMark}</div>
        </>
      ) : null}
    </div>
  );
}

/** Pretty, collapsible JSON with a copy button. Strings that hold JSON are parsed first. */
export function JsonViewer({
  value,
  className,
  defaultOpenDepth = 2,
  label = "JSON",
}: {
  value: unknown;
  className?: string;
  defaultOpenDepth?: number;
  label?: string;
}) {
  let data = value as Json;
  if (typeof value === "string") {
    try {
      data = JSON.parse(value) as Json;
    } catch {
      data = value;
    }
  }
  const text = typeof data === "string" ? data : JSON.stringify(data, null, 2);
  return (
    <div
      className={cn(
        "relative rounded-md border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950",
        className,
      )}
    >
      <div className="absolute right-1.5 top-1.5">
        <CopyButton value={text ?? ""} label={`Copy ${label}`} />
      </div>
      <div className="max-h-[28rem] overflow-auto p-2 pr-16 font-mono text-xs leading-5">
        {typeof data === "string" ? (
          <pre className="whitespace-pre-wrap wrap-anywhere">
            {data || <span className="text-zinc-500 dark:text-zinc-400">(empty)</span>}
          </pre>
        ) : (
          <Node value={data} depth={0} defaultOpenDepth={defaultOpenDepth} />
        )}
      </div>
    </div>
  );
}
