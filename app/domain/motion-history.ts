// What a reader who does not run the conference may learn of a motion's history: only what
// happened once it was on the agenda, in plain words. No earlier wording, no recorded values,
// no names: drafts and the review before acceptance stay private.

export interface MotionEvent {
  id: number;
  action: string;
  after: unknown;
  reason: string | null;
  createdAt: string;
}

export interface PublicRecordLine {
  id: number;
  text: string;
}

const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "7 November 2025" for an ISO timestamp. */
export function dayInWords(iso: string): string {
  return day.format(new Date(iso));
}

function stateAfter(event: MotionEvent): unknown {
  return event.after && typeof event.after === "object" && "state" in event.after ? event.after.state : undefined;
}

function partOf(event: MotionEvent): unknown {
  return event.after && typeof event.after === "object" && "part_id" in event.after ? event.after.part_id : undefined;
}

function compositeOf(event: MotionEvent): unknown {
  return event.after && typeof event.after === "object" && "composite_number" in event.after ? event.after.composite_number : undefined;
}

/** Did this event put the motion on the agenda (accepted, or created or saved there by its runners)? */
function placesOnAgenda(event: MotionEvent): boolean {
  if (event.action === "motion.accept") return true;
  return ["motion.create", "motion.update", "motion.set_state"].includes(event.action) && stateAfter(event) === "agenda";
}

/**
 * The published record of a motion, newest first, from its audit events (in any order). Events
 * before it reached the agenda are left out, as are kinds of event the public has no words for.
 */
export function publicMotionRecord(events: MotionEvent[], partLabels: ReadonlyMap<number, string>): PublicRecordLine[] {
  const lines: PublicRecordLine[] = [];
  let onAgenda = false;
  for (const event of [...events].sort((a, b) => a.id - b.id)) {
    const on = dayInWords(event.createdAt);
    let text: string | null = null;
    if (!onAgenda) {
      if (!placesOnAgenda(event)) continue;
      onAgenda = true;
      text = `Placed on the agenda on ${on}`;
    } else if (event.action === "vote.record") {
      text = `Votes recorded on ${on}`;
    } else if (event.action === "vote.correct") {
      const label = partLabels.get(Number(partOf(event)));
      text = `${label ? `Part (${label})` : "A vote"} corrected on ${on}${event.reason ? `: ${event.reason}` : ""}`;
    } else if (event.action === "motion.update") {
      text = `Motion edited on ${on}`;
    } else if (event.action === "motion.merge") {
      const number = compositeOf(event);
      text = `Replaced by ${typeof number === "string" ? `composite motion ${number}` : "a composite"} on ${on}`;
    }
    // One line for a day's run of the same event (a vote on each part is one event each).
    if (text && lines.at(-1)?.text !== text) lines.push({ id: event.id, text });
  }
  return lines.reverse();
}
