import { Fragment } from "react";
import { cn } from "./cn";

// After a URL's or an id's separators, but not between the slashes of "//".
const SEPARATOR = /(?<=[/?&=.\-_#])(?!\/)/;

/**
 * Long unbroken text (URLs, ids) that may wrap after its separators, so a narrow screen shows
 * "…/api/dev/" + "receiver?mode=ok" rather than cutting at whichever character meets the edge.
 * By hand because CSS has no such rule: line breaking keeps "-" before a digit and "/" before a
 * digit together, which leaves a UUID or a port-and-path unbroken. <wbr> adds no character, so
 * copied text is unchanged; anything still too long breaks anywhere (overflow-wrap).
 */
export function BreakableText({ text, className }: { text: string; className?: string }) {
  const parts = text.split(SEPARATOR);
  return (
    <span className={cn("wrap-anywhere", className)}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
