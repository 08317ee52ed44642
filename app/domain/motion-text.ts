/** A short title from a motion's text: what follows "That conference", cut at a word near 120 characters. */
export function titleFromMotionText(text: string): string {
  const body = text.replace(/\s+/g, " ").trim().replace(/^that conference,?\s*/i, "");
  const clause = body.split(/[:;]/)[0] ?? body;
  // body has single spaces, so one \s is enough; "\s+...$" would be tried from every space (quadratic).
  const cut = clause.length > 120 ? `${clause.slice(0, 120).replace(/\s\S*$/, "")}…` : clause;
  // "..., and:" before the parts leaves a dangling conjunction.
  const title = cut.replace(/,?\s(?:and|or)$/i, "").replace(/[,.]$/, "");
  return title ? title.charAt(0).toUpperCase() + title.slice(1) : "Untitled motion";
}
