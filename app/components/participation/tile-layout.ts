// Where each ICB's tile sits in the tile grid (a cartogram: every ICB the same size, placed
// roughly where it is on a map of England, north at the top), the short label printed on it, and
// the shade for a percentage. Pure, so the layout and the shading are tested as tables.
import { scaleThreshold } from "d3-scale";

export const TILE_COLUMNS = 8;

/** [column, row], both from 1, for the 42 ICBs of July 2022. */
export const ICB_TILE_POSITIONS: Readonly<Record<string, readonly [number, number]>> = {
  QHM: [5, 1],
  QE1: [4, 2],
  QWO: [5, 2],
  QOQ: [6, 2],
  QYG: [3, 3],
  QOP: [4, 3],
  QF7: [5, 3],
  QOC: [3, 4],
  QNC: [4, 4],
  QJ2: [5, 4],
  QT1: [6, 4],
  QJM: [7, 4],
  QGH: [3, 5],
  QUA: [4, 5],
  QHL: [5, 5],
  QK1: [6, 5],
  QUE: [7, 5],
  QMM: [8, 5],
  QR1: [3, 6],
  QWU: [4, 6],
  QPM: [5, 6],
  QHG: [6, 6],
  QM7: [7, 6],
  QJG: [8, 6],
  QUY: [2, 7],
  QOX: [3, 7],
  QU9: [4, 7],
  QRV: [5, 7],
  QMJ: [6, 7],
  QMF: [7, 7],
  QH8: [8, 7],
  QJK: [1, 8],
  QSL: [2, 8],
  QVV: [3, 8],
  QNQ: [4, 8],
  QWE: [5, 8],
  QKK: [6, 8],
  QKS: [7, 8],
  QT6: [1, 9],
  QRL: [4, 9],
  QXU: [5, 9],
  QNX: [6, 9],
};

/** The names people use for each ICB, short enough to fit on a tile. */
export const ICB_TILE_LABELS: Readonly<Record<string, string>> = {
  QHM: "NE & N Cumbria",
  QE1: "Lancs & S Cumbria",
  QWO: "West Yorks",
  QOQ: "Humber & N Yorks",
  QYG: "Cheshire & Merseyside",
  QOP: "Greater Manchester",
  QF7: "South Yorks",
  QOC: "Shrops, Telford & Wrekin",
  QNC: "Staffs & Stoke",
  QJ2: "Derbyshire",
  QT1: "Notts",
  QJM: "Lincs",
  QGH: "Hereford & Worcs",
  QUA: "Black Country",
  QHL: "Birmingham & Solihull",
  QK1: "Leics & Rutland",
  QUE: "Cambs & P'boro",
  QMM: "Norfolk & Waveney",
  QR1: "Glos",
  QWU: "Coventry & Warks",
  QPM: "Northants",
  QHG: "Beds, Luton & MK",
  QM7: "Herts & W Essex",
  QJG: "Suffolk & NE Essex",
  QUY: "Bristol, N Som & S Glos",
  QOX: "Bath, Swindon & Wilts",
  QU9: "Bucks, Oxon & Berks W",
  QRV: "NW London",
  QMJ: "N Central London",
  QMF: "NE London",
  QH8: "Mid & S Essex",
  QJK: "Devon",
  QSL: "Somerset",
  QVV: "Dorset",
  QNQ: "Frimley",
  QWE: "SW London",
  QKK: "SE London",
  QKS: "Kent & Medway",
  QT6: "Cornwall & Scilly",
  QRL: "Hants & IoW",
  QXU: "Surrey Heartlands",
  QNX: "Sussex",
};

export function tileLabel(code: string, shortName: string): string {
  return ICB_TILE_LABELS[code] ?? shortName;
}

/**
 * A cell for every ICB. ICBs without a place of their own (new ones after a merger) go in the
 * first free cells of the rows below the map, in the order given, so no tile is ever lost.
 */
export function placeIcbTiles(codes: readonly string[]): Map<string, { column: number; row: number }> {
  const placed = new Map<string, { column: number; row: number }>();
  let lastRow = 0;
  for (const code of codes) {
    const at = ICB_TILE_POSITIONS[code];
    if (!at) continue;
    placed.set(code, { column: at[0], row: at[1] });
    lastRow = Math.max(lastRow, at[1]);
  }
  let next = 0;
  for (const code of codes) {
    if (placed.has(code)) continue;
    placed.set(code, { column: (next % TILE_COLUMNS) + 1, row: lastRow + 1 + Math.floor(next / TILE_COLUMNS) });
    next += 1;
  }
  return placed;
}

export interface Shade {
  label: string;
  /** Tailwind classes for the tile's background and a text colour with enough contrast on it. */
  className: string;
}

/** From none signed to half or more; each shade's text colour passes WCAG AA contrast on it. */
export const SHADES: readonly Shade[] = [
  { label: "0%", className: "bg-slate-100 text-slate-900" },
  { label: "under 5%", className: "bg-blue-100 text-slate-900" },
  { label: "5% to under 10%", className: "bg-blue-300 text-slate-900" },
  { label: "10% to under 25%", className: "bg-blue-600 text-white" },
  { label: "25% to under 50%", className: "bg-blue-800 text-white" },
  { label: "50% or more", className: "bg-blue-950 text-white" },
];

/** For a figure that is hidden, or has no percentage: a hatched tile, never a shade of blue. */
export const HIDDEN_SHADE: Shade = {
  label: "hidden or not available",
  className: "bg-[repeating-linear-gradient(135deg,#ffffff_0,#ffffff_6px,#e2e8f0_6px,#e2e8f0_9px)] text-slate-900",
};

const aboveZero = scaleThreshold<number, number>().domain([5, 10, 25, 50]).range([1, 2, 3, 4, 5]);

/** The index into SHADES for a percentage of practices signed. */
export function shadeIndex(percent: number): number {
  return percent <= 0 ? 0 : aboveZero(percent);
}

/** Literal class names, so Tailwind finds them in the source. */
const COLUMN_CLASSES = ["col-start-1", "col-start-2", "col-start-3", "col-start-4", "col-start-5", "col-start-6", "col-start-7", "col-start-8"];
const ROW_CLASSES = [
  "row-start-1",
  "row-start-2",
  "row-start-3",
  "row-start-4",
  "row-start-5",
  "row-start-6",
  "row-start-7",
  "row-start-8",
  "row-start-9",
  "row-start-10",
  "row-start-11",
  "row-start-12",
  "row-start-13",
  "row-start-14",
];

/** The grid classes for a cell; rows past the last class simply flow on after the others. */
export function cellClasses(cell: { column: number; row: number }): string {
  return [COLUMN_CLASSES[cell.column - 1], ROW_CLASSES[cell.row - 1]].filter(Boolean).join(" ");
}
