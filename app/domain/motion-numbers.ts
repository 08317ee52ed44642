/** Motion numbers like "5", "5a", "12b": a whole number and an optional letter suffix. */
export const MOTION_NUMBER = /^\d{1,4}[a-z]{0,2}$/;

/** A key that sorts motion numbers as people read them: 2, 5, 5a, 5b, 10. */
export function motionSortKey(number: string): string {
  // Not "(\d+)(.*)$": with a line break after the digits that retried the digits one by one.
  const match = /^(\d+)((?:[^\d\n\r\u2028\u2029].*)?)$/.exec(number.trim().toLowerCase());
  if (!match) return `99999${number}`;
  return `${match[1]!.padStart(5, "0")}${match[2]}`;
}

/** "i", "ii", ... for part positions 1, 2, ... */
export function romanLabel(position: number): string {
  const numerals: [number, string][] = [[10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
  let n = position;
  let out = "";
  for (const [value, numeral] of numerals) {
    while (n >= value) {
      out += numeral;
      n -= value;
    }
  }
  return out;
}

/**
 * The number a motion takes when the agenda committee accepts it: the next whole number after
 * every number in the conference, or for a rider or amendment its motion's number with the next
 * free letter (7a, 7b ...). `taken` holds every number in the conference, whoever's motion it is.
 */
export function nextMotionNumber(taken: Iterable<string>, parentNumber?: string | null): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (parentNumber && MOTION_NUMBER.test(parentNumber.toLowerCase())) {
    const base = parentNumber.toLowerCase();
    for (const letter of "abcdefghijklmnopqrstuvwxyz") if (!used.has(`${base}${letter}`)) return `${base}${letter}`;
  }
  let highest = 0;
  for (const number of used) {
    const whole = /^(\d{1,4})[a-z]{0,2}$/.exec(number);
    if (whole) highest = Math.max(highest, Number(whole[1]));
  }
  return String(highest + 1);
}

/**
 * A number for a motion that has none yet (an LMC's draft or submission): unique, never a
 * motion number (it cannot clash with one, be named by a rider or composite, or be matched by an
 * agenda import), and it says nothing about anyone else's drafts. Pages show "Draft" instead.
 */
export function provisionalNumber(random: string): string {
  return `draft-${random}`;
}
