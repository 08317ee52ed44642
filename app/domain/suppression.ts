// Small-number suppression for participation figures (SPEC section 6), after NHS Digital's rule.
//
// National figures are always exact. Below national level, a viewer without exact access sees:
// - practice counts and personal pledges: 0 stays 0, 1 to 7 suppressed, others rounded to the
//   nearest 5. Whole numbers are never exactly half-way between multiples of 5 (12 -> 10,
//   13 -> 15), so no tie-break is needed;
// - patients covered: hidden. When one practice joins, the rounded practice count may not move
//   while patients covered jumps by about its list size, and list sizes are public: comparing the
//   figure before and after would point at the practice, however it were rounded (a test shows
//   a jump from 63,000 to 70,000 when a 7,000-patient practice joined). Registered patients in
//   the area (everyone, signed or not) are public and shown rounded to the nearest 1,000;
// - percentages: worked out from the rounded figures, to one decimal place, and hidden where the
//   area has fewer than 10 practices (the raw count, so an area of 8 shown as "10" is still
//   hidden) or where the count they are a share of is suppressed.

import { actorOfRole, can, seesEveryAreaExactly, type AccessRole } from "./access";

export const CELL_SCOPES = ["national", "region", "icb", "lmc"] as const;
export type CellScope = (typeof CELL_SCOPES)[number];

/**
 * exact: every figure as it is (BMA staff). exact-counts: practice counts and pledges exact, but
 * patients covered coarsened, because a change in them between two reads is about one practice's
 * list size, and list sizes are public (everyone nationally; an LMC secretary in their own LMC
 * area). suppressed: NHS Digital's rule below.
 */
export type ViewerPolicy = "exact" | "exact-counts" | "suppressed";
/** Who is looking: nobody logged in ("public") or an account's role. */
export type ViewerRole = AccessRole;

export interface ParticipationCell {
  scope: CellScope;
  practicesSigned: number;
  practicesTotal: number;
  patientsCovered: number;
  patientsTotal: number;
  personalPledges: number;
}

/**
 * small_count: the figure itself is 1 to 7; reveals_small_count: it would give away a suppressed
 * count (patients of 1-7 practices, or a share of one); small_area: a percentage for an area of
 * fewer than 10 practices; reveals_practice: patients covered below national level, whose change
 * would give away which practice joined.
 */
export type SuppressionReason = "small_count" | "reveals_small_count" | "small_area" | "reveals_practice";

export type Figure = { suppressed: false; value: number } | { suppressed: true; reason: SuppressionReason };

export interface DisplayCell {
  scope: CellScope;
  /** Counts are rounded to the nearest 5 and patients to the nearest 1,000. */
  rounded: boolean;
  practicesSigned: Figure;
  practicesTotal: Figure;
  /** null when there is nothing to take a share of (no practices, or no patients, in the area). */
  practicesSignedPercent: Figure | null;
  patientsCovered: Figure;
  patientsTotal: Figure;
  patientsCoveredPercent: Figure | null;
  personalPledges: Figure;
}

const SMALL_AREA = 10;

const shown = (value: number): Figure => ({ suppressed: false, value });
const hidden = (reason: SuppressionReason): Figure => ({ suppressed: true, reason });

function suppressCount(n: number): Figure {
  if (n === 0) return shown(0);
  if (n <= 7) return hidden("small_count");
  return shown(Math.round(n / 5) * 5);
}

function suppressPatients(patients: number, practices: Figure): Figure {
  if (practices.suppressed) return hidden("reveals_small_count");
  return shown(Math.round(patients / 1000) * 1000);
}

function share(part: Figure, whole: Figure): Figure | null {
  if (whole.suppressed) return hidden("small_area");
  if (whole.value === 0) return null;
  if (part.suppressed) return hidden("reveals_small_count");
  return shown(Math.round((part.value * 1000) / whole.value) / 10);
}

/** The cell as a viewer with this policy may see it. */
/** National patients covered, for those without exact figures: to the nearest 10,000. */
const NATIONAL_PATIENTS_STEP = 10_000;

export function applySuppression(cell: ParticipationCell, policy: ViewerPolicy): DisplayCell {
  if (policy !== "suppressed" || cell.scope === "national") {
    const coarse = policy !== "exact";
    const figures = {
      practicesSigned: shown(cell.practicesSigned),
      practicesTotal: shown(cell.practicesTotal),
      // Nationally one practice moves the rounded figure rarely, and then says only "a few
      // thousand patients"; in one LMC area it would say which practice, so it is not shown.
      patientsCovered: !coarse
        ? shown(cell.patientsCovered)
        : cell.scope === "national"
          ? shown(Math.round(cell.patientsCovered / NATIONAL_PATIENTS_STEP) * NATIONAL_PATIENTS_STEP)
          : hidden("reveals_practice"),
      patientsTotal: shown(cell.patientsTotal),
      personalPledges: shown(cell.personalPledges),
    };
    return {
      scope: cell.scope,
      rounded: coarse && cell.scope === "national",
      ...figures,
      practicesSignedPercent: share(figures.practicesSigned, figures.practicesTotal),
      patientsCoveredPercent: share(figures.patientsCovered, figures.patientsTotal),
    };
  }
  const practicesSigned = suppressCount(cell.practicesSigned);
  const practicesTotal = suppressCount(cell.practicesTotal);
  const patientsCovered = hidden("reveals_practice");
  const patientsTotal = suppressPatients(cell.patientsTotal, practicesTotal);
  const smallArea = cell.practicesTotal > 0 && cell.practicesTotal < SMALL_AREA;
  return {
    scope: cell.scope,
    rounded: true,
    practicesSigned,
    practicesTotal,
    patientsCovered,
    patientsTotal,
    personalPledges: suppressCount(cell.personalPledges),
    practicesSignedPercent: smallArea ? hidden("small_area") : share(practicesSigned, practicesTotal),
    patientsCoveredPercent: hidden("reveals_practice"),
  };
}

/**
 * Everyone sees national figures exactly; below national level a cell is exact for whoever
 * app/domain/access.ts lets see exact participation there (see-exact-participation: BMA staff
 * everywhere, an LMC secretary their own LMC area's cell), and suppressed for everyone else.
 * Secretaries get only the LMC cell, not the ICBs in their area: an ICB shared with a
 * neighbouring LMC would give away that LMC's figures, so only an LMC cell names an LMC.
 */
export function viewerPolicyFor(
  viewer: { role: ViewerRole; viewerLmcId: number | null },
  cellScope: CellScope,
  cellLmcId: number | null,
): ViewerPolicy {
  const actor = actorOfRole(viewer.role, viewer.viewerLmcId);
  if (seesEveryAreaExactly(actor)) return "exact";
  if (cellScope === "national") return "exact-counts";
  return can(actor, "see-exact-participation", { lmcId: cellScope === "lmc" ? cellLmcId : undefined }) ? "exact-counts" : "suppressed";
}

export const PARTICIPATION_FIELDS = [
  "practicesSigned",
  "practicesTotal",
  "practicesSignedPercent",
  "patientsCovered",
  "patientsTotal",
  "patientsCoveredPercent",
  "personalPledges",
] as const;
export type ParticipationField = (typeof PARTICIPATION_FIELDS)[number];

const PERCENT_FIELDS: ReadonlySet<ParticipationField> = new Set(["practicesSignedPercent", "patientsCoveredPercent"]);

const PAGE_NOTES: Record<SuppressionReason | "rounded", string> = {
  rounded:
    "Figures are rounded so that no practice can be picked out: below national level, practices and pledges to the nearest 5 and registered patients to the nearest 1,000; patients covered nationally to the nearest 10,000. Percentages are worked out from the rounded figures.",
  small_count: "1-7 means between 1 and 7. Small numbers are not shown, so that no practice can be identified.",
  reveals_small_count: "Hidden because it would give away a number between 1 and 7.",
  reveals_practice: "Patients covered are shown nationally only: below that, a change in them would point at the practice that joined.",
  small_area: "Percentages are hidden for areas with fewer than 10 practices.",
};

// One formatter each, made once: `toLocaleString("en-GB")` builds a new one on every call, and a
// dashboard formats thousands of cells (it was a fifth of the page's time: bench/README.md).
const WHOLE = new Intl.NumberFormat("en-GB");
const ONE_DECIMAL = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** Text for each figure ("1-7", "hidden", "n/a" or the number) and the notes that explain them. */
export function formatCellForPage(cell: DisplayCell): Record<ParticipationField, string> & { notes: string[] } {
  const reasons = new Set<SuppressionReason>();
  const text = (field: ParticipationField): string => {
    const figure = cell[field];
    if (figure === null) return "n/a";
    if (figure.suppressed) {
      reasons.add(figure.reason);
      return figure.reason === "small_count" ? "1-7" : "hidden";
    }
    return PERCENT_FIELDS.has(field) ? `${ONE_DECIMAL.format(figure.value)}%` : WHOLE.format(figure.value);
  };
  const texts = Object.fromEntries(PARTICIPATION_FIELDS.map((f) => [f, text(f)])) as Record<ParticipationField, string>;
  const notes = [...(cell.rounded ? (["rounded"] as const) : []), ...(["small_count", "reveals_small_count", "small_area", "reveals_practice"] as const).filter((r) => reasons.has(r))].map(
    (n) => PAGE_NOTES[n],
  );
  return { ...texts, notes };
}

export const PARTICIPATION_CSV_COLUMNS = {
  practicesSigned: "practices_signed",
  practicesTotal: "practices_total",
  practicesSignedPercent: "practices_signed_percent",
  patientsCovered: "patients_covered",
  patientsTotal: "patients_total",
  patientsCoveredPercent: "patients_covered_percent",
  personalPledges: "personal_pledges",
} as const satisfies Record<ParticipationField, string>;
export type ParticipationCsvColumn = (typeof PARTICIPATION_CSV_COLUMNS)[ParticipationField];

/** Plain numbers; "*" where suppressed; empty where there is no percentage to give. */
export function formatCellForCsv(cell: DisplayCell): Record<ParticipationCsvColumn, string> {
  const text = (figure: Figure | null) => (figure === null ? "" : figure.suppressed ? "*" : String(figure.value));
  return Object.fromEntries(PARTICIPATION_FIELDS.map((f) => [PARTICIPATION_CSV_COLUMNS[f], text(cell[f])])) as Record<ParticipationCsvColumn, string>;
}

export type JsonFigure = { value: number; suppressed: false } | { value: null; suppressed: true; reason: SuppressionReason } | { value: null; suppressed: false };

/** Every figure as { value, suppressed }: value null with suppressed true where it is hidden. */
export function formatCellForJson(cell: DisplayCell): { scope: CellScope; rounded: boolean } & Record<ParticipationField, JsonFigure> {
  const json = (figure: Figure | null): JsonFigure =>
    figure === null
      ? { value: null, suppressed: false }
      : figure.suppressed
        ? { value: null, suppressed: true, reason: figure.reason }
        : { value: figure.value, suppressed: false };
  const figures = Object.fromEntries(PARTICIPATION_FIELDS.map((f) => [f, json(cell[f])])) as Record<ParticipationField, JsonFigure>;
  return { scope: cell.scope, rounded: cell.rounded, ...figures };
}
