// A page of a conference's agenda: its motions under their sections' headings, in agenda order.
import { MotionSummary, type MotionSummaryData } from "./motion-summary";

export interface AgendaSection {
  id: number;
  title: string;
}

export function AgendaList({ motions, sections }: { motions: readonly (MotionSummaryData & { section_id: number | null })[]; sections: readonly AgendaSection[] }) {
  const bySection = new Map<number | null, MotionSummaryData[]>();
  for (const m of motions) bySection.set(m.section_id, [...(bySection.get(m.section_id) ?? []), m]);
  const ordered = [...sections.map((s) => ({ id: s.id as number | null, title: s.title })), { id: null, title: "Other motions" }].filter((s) => bySection.has(s.id));
  return (
    <>
      {ordered.map((section) => (
        <section key={section.id ?? "none"} aria-labelledby={`section-${section.id ?? "none"}`} className="space-y-3">
          <h2 id={`section-${section.id ?? "none"}`}>{section.title}</h2>
          {bySection.get(section.id)!.map((m) => (
            <MotionSummary key={m.id} motion={m} />
          ))}
        </section>
      ))}
    </>
  );
}
