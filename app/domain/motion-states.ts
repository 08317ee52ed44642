// Where a motion stands, once, for the database types, the pages and the review queue. An LMC's
// motion is a draft until its secretary submits it; the agenda committee (whoever runs the
// conference) then accepts it onto the agenda, where it gets its number, or rejects it with a
// reason the LMC sees. A runner's own motion goes straight onto the agenda.

export const MOTION_STATES = ["draft", "submitted", "agenda", "rejected"] as const;
export type MotionState = (typeof MOTION_STATES)[number];

/** How a motion that is not on the agenda reads, where an agenda motion reads its number and result. */
export const MOTION_STATE_LABELS: Record<MotionState, string> = {
  draft: "Draft",
  submitted: "Submitted",
  agenda: "On the agenda",
  rejected: "Rejected",
};

/** "Motion 5" on the agenda; "Draft motion", "Submitted motion" or "Rejected motion" before it has a number. */
export function motionName(motion: { number: string; state: MotionState }): string {
  return motion.state === "agenda" ? `Motion ${motion.number}` : `${MOTION_STATE_LABELS[motion.state]} motion`;
}

/** motionName inside a sentence: "motion 5", "draft motion". */
export function motionNameInSentence(motion: { number: string; state: MotionState }): string {
  const name = motionName(motion);
  return name.charAt(0).toLowerCase() + name.slice(1);
}
