/** "NHS Greater Manchester Integrated Care Board" -> "Greater Manchester". */
export function shortIcbName(name: string): string {
  return name.replace(/^NHS /, "").replace(/ Integrated Care Board$/, "");
}
