// The visibility rule of app/domain/conference-access.ts (canSeeConference, canRunConference,
// canSeeMotion) as Kysely expressions, so every list and count filters in SQL by the same rule
// the pages apply to one record. Queries join `motions`, `conferences` and `bodies` under those
// names. tests/integration/visibility-rule.test.ts holds the SQL and the pure rule together.
import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Database } from "../../db/types";
import { PUBLIC_CONFERENCE_STATUSES, reachOf, type Viewer } from "../domain/conference-access";

type ConferenceScope = ExpressionBuilder<Database, "conferences" | "bodies">;
type MotionScope = ExpressionBuilder<Database, "motions" | "conferences" | "bodies">;

/** canRunConference: staff run national conferences, a secretary their own LMC's meetings. */
function runsConference(eb: ConferenceScope, viewer: Viewer | null): Expression<SqlBool> {
  const reach = reachOf(viewer);
  const ors = [];
  if (reach.runsNational) ors.push(eb("bodies.kind", "=", "national"));
  if (reach.lmcId !== null) ors.push(eb.and([eb("bodies.kind", "=", "lmc"), eb("bodies.lmc_id", "=", reach.lmcId)]));
  return eb.or(ors);
}

/** canSeeConference: public once the agenda is out; runners always; secretaries national ones being planned. */
export function visibleConferenceFilter(viewer: Viewer | null) {
  return (eb: ConferenceScope): Expression<SqlBool> => {
    const ors = [eb("conferences.status", "in", [...PUBLIC_CONFERENCE_STATUSES]), runsConference(eb, viewer)];
    if (reachOf(viewer).seesPlannedNational) ors.push(eb("bodies.kind", "=", "national"));
    return eb.or(ors);
  };
}

/** canSeeMotion: in a visible conference, and on the agenda, the viewer's LMC's own, or a submission they run. */
export function visibleMotionFilter(viewer: Viewer | null) {
  return (eb: MotionScope): Expression<SqlBool> => {
    const ors = [eb("motions.state", "=", "agenda"), eb.and([eb("motions.state", "=", "submitted"), runsConference(eb, viewer)])];
    const { lmcId } = reachOf(viewer);
    if (lmcId !== null) ors.push(eb("motions.proposer_lmc_id", "=", lmcId));
    return eb.and([visibleConferenceFilter(viewer)(eb), eb.or(ors)]);
  };
}
