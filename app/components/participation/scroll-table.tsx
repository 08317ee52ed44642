// The tables of the dashboard: each in a labelled region that scrolls sideways on a phone
// (focusable, so it scrolls by keyboard too), with a caption, column headers and row headers.
import type { ReactNode } from "react";

/** A row header cell in a `.table`: as plain as the cells beside it (the `.table th` rule is for column headers). */
export const ROW_HEADER = "border-b border-slate-200 font-normal";

export function ScrollTable({
  label,
  caption,
  captionClassName = "sr-only",
  regionClassName = "overflow-x-auto",
  describedBy,
  children,
}: {
  /** The region's name: unique on the page (several options each have their tables). */
  label: string;
  caption: ReactNode;
  captionClassName?: string;
  regionClassName?: string;
  describedBy?: string;
  children: ReactNode;
}) {
  return (
    <div className={regionClassName} tabIndex={0} role="region" aria-label={label}>
      <table className="table" aria-describedby={describedBy}>
        <caption className={captionClassName}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

/** A column header for figures, right-aligned like them. */
export function FigureHeader({ children }: { children: ReactNode }) {
  return (
    <th scope="col" className="text-right">
      {children}
    </th>
  );
}
