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
