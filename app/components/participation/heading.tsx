import type { ReactNode } from "react";

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/** A heading at a level the page chooses, so these components fit under any page's outline. */
export function Heading({ level, id, className, children }: { level: number; id?: string; className?: string; children: ReactNode }) {
  const Tag = `h${Math.min(6, Math.max(1, level)) as HeadingLevel}` as const;
  return (
    <Tag id={id} className={className}>
      {children}
    </Tag>
  );
}
