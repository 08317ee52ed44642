// Imports refuse a file with more lines than any real one before parsing it, so one upload of
// junk cannot hold the server (and the database) for long. Counting is linear and allocates nothing.
export function lineCount(text: string): number {
  let lines = 1;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lines += 1;
  return lines;
}
