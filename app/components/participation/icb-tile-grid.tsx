// The 42 ICBs as equal tiles laid out roughly as on a map, shaded by the share of practices
// signed. Each tile says its ICB and figure in words, so the shading is never the only carrier
// of meaning; hidden figures get a hatched tile and say "hidden". A list, so a screen reader
// reads it tile by tile, with a table of the same figures behind it.
import { shortIcbName } from "../../domain/icb-names";
import { formatCellForPage } from "../../domain/suppression";
import type { PresentedRow } from "../../models/participation.server";
import { cellClasses, HIDDEN_SHADE, placeIcbTiles, SHADES, shadeIndex, tileLabel, type Shade } from "./tile-layout";
import { FigureHeader, ROW_HEADER, ScrollTable } from "./scroll-table";

export interface IcbTileGridProps {
  /** Unique on the page, for the ids that tie the grid to its caption. */
  id: string;
  /** What the tiles show, e.g. "Practices signed up to Close online access at 6.30pm, by ICB". */
  caption: string;
  /** The ICB rows, as `presentParticipation` gave them to this viewer. */
  icbs: readonly PresentedRow[];
  /** Region names by code, for the table. */
  regionNames: ReadonlyMap<string, string>;
  /** Where the option is live, when it has a trigger: tiles say "Live". */
  live?: { national: boolean; icbCodes: readonly string[] } | null;
  /** Also give the figures as a table (leave off where a full ICB table follows). */
  withTable?: boolean;
}

interface Tile {
  code: string;
  name: string;
  label: string;
  region: string;
  cell: { column: number; row: number };
  shade: Shade;
  percent: string;
  signed: string;
  live: boolean;
}

function tilesFor(props: IcbTileGridProps): Tile[] {
  const places = placeIcbTiles(props.icbs.map((r) => r.areaCode));
  const liveIcbs = new Set(props.live?.icbCodes ?? []);
  return props.icbs.map((r) => {
    const figure = r.cell.practicesSignedPercent;
    const text = formatCellForPage(r.cell);
    const name = shortIcbName(r.areaName);
    return {
      code: r.areaCode,
      name,
      label: tileLabel(r.areaCode, name),
      region: props.regionNames.get(r.regionCode ?? "") ?? "",
      cell: places.get(r.areaCode)!,
      shade: figure && !figure.suppressed ? SHADES[shadeIndex(figure.value)]! : HIDDEN_SHADE,
      percent: text.practicesSignedPercent,
      signed: text.practicesSigned,
      live: Boolean(props.live?.national || liveIcbs.has(r.areaCode)),
    };
  });
}

const TILE = "flex min-h-20 flex-col justify-between rounded border border-slate-300 p-1.5 text-xs leading-tight";

export function IcbTileGrid(props: IcbTileGridProps) {
  const tiles = tilesFor(props);
  const captionId = `${props.id}-caption`;
  const anyHidden = tiles.some((t) => t.shade === HIDDEN_SHADE);
  return (
    <div className="space-y-3">
      <p id={captionId} className="font-medium">
        {props.caption}
      </p>
      <p className="text-sm text-slate-600">
        Each tile is one ICB, placed roughly where it is on a map of England, north at the top. Its shade shows the percentage of its active practices that
        have signed; the tile gives the percentage and the number in words.
      </p>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label={`Key to the shading: ${props.caption}`}>
        {[...SHADES, ...(anyHidden ? [HIDDEN_SHADE] : [])].map((s) => (
          <li key={s.label} className="flex items-center gap-2">
            <span aria-hidden="true" className={`inline-block h-4 w-6 rounded-sm border border-slate-400 ${s.className}`} />
            {s.label}
          </li>
        ))}
      </ul>
      <div className="overflow-x-auto pb-1" tabIndex={0} role="region" aria-label={`${props.caption}: map, scrolls sideways on small screens`}>
        <ul className="grid min-w-[44rem] grid-cols-8 gap-1" aria-labelledby={captionId}>
          {tiles.map((t) => (
            <li key={t.code} className={`${cellClasses(t.cell)} ${t.shade.className} ${TILE}`}>
              <span aria-hidden="true" className="font-medium">
                {t.label}
              </span>
              <span className="sr-only">{t.name}:</span>
              <span className="text-sm font-bold">{t.percent}</span>
              <span>
                {t.signed} signed{t.live ? <strong className="block">Live</strong> : null}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {props.withTable === false ? null : (
        <details>
          <summary className="cursor-pointer font-medium">The figures on this map, as a table</summary>
          <ScrollTable label={`${props.caption}: table, scrolls sideways on small screens`} caption={props.caption}>
            <thead>
              <tr>
                <th scope="col">ICB</th>
                <th scope="col">Region</th>
                <FigureHeader>Practices signed</FigureHeader>
                <FigureHeader>% of active practices</FigureHeader>
                {props.live ? <th scope="col">Live</th> : null}
              </tr>
            </thead>
            <tbody>
              {tiles.map((t) => (
                <tr key={t.code}>
                  <th scope="row" className={ROW_HEADER}>
                    {t.name}
                  </th>
                  <td>{t.region}</td>
                  <td className="text-right">{t.signed}</td>
                  <td className="text-right">{t.percent}</td>
                  {props.live ? <td>{t.live ? "Live" : "Not yet"}</td> : null}
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </details>
      )}
    </div>
  );
}
