// The visibility rule of app/domain/access.ts (see-conference, run-conference, see-motion) as
// Kysely expressions, so every list and count filters in SQL by the same rule the pages apply to
// one record. What the viewer reaches is read off `can` (conferenceReachOf); no role is named
// here. Queries join `motions`, `conferences` and `bodies` under those names.
// tests/integration/visibility-rule.test.ts holds the SQL and the pure rule together.
import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Database } from "../../db/types";
import { conferenceReachOf, type ConferenceReach } from "../domain/access";
import { PUBLIC_CONFERENCE_STATUSES, type Viewer } from "../domain/conference-access";

type ConferenceScope = ExpressionBuilder<Database, "conferences" | "bodies">;
type MotionScope = ExpressionBuilder<Database, "motions" | "conferences" | "bodies">;

/** run-conference: national conferences for those who run them, an LMC's own meetings for its runner. */
function runsConference(eb: ConferenceScope, reach: ConferenceReach): Expression<SqlBool> {
  const ors = [];
  if (reach.runsNational) ors.push(eb("bodies.kind", "=", "national"));
  if (reach.runsLmcId !== null) ors.push(eb.and([eb("bodies.kind", "=", "lmc"), eb("bodies.lmc_id", "=", reach.runsLmcId)]));
  return eb.or(ors);
}

function conferenceFilter(eb: ConferenceScope, reach: ConferenceReach): Expression<SqlBool> {
  const ors = [eb("conferences.status", "in", [...PUBLIC_CONFERENCE_STATUSES]), runsConference(eb, reach)];
  if (reach.seesPlannedNational) ors.push(eb("bodies.kind", "=", "national"));
  return eb.or(ors);
}

/** see-conference: public once the agenda is out; the runners always; drafters national ones being planned. */
export function visibleConferenceFilter(viewer: Viewer | null) {
  const reach = conferenceReachOf(viewer);
  return (eb: ConferenceScope): Expression<SqlBool> => conferenceFilter(eb, reach);
}

/** see-motion: in a visible conference, and on the agenda, the viewer's LMC's own, or a submission (or rejection) they run. */
export function visibleMotionFilter(viewer: Viewer | null) {
  const reach = conferenceReachOf(viewer);
  return (eb: MotionScope): Expression<SqlBool> => {
    const ors = [eb("motions.state", "=", "agenda"), eb.and([eb("motions.state", "in", ["submitted", "rejected"]), runsConference(eb, reach)])];
    if (reach.motionsOfLmcId !== null) ors.push(eb("motions.proposer_lmc_id", "=", reach.motionsOfLmcId));
    return eb.and([conferenceFilter(eb, reach), eb.or(ors)]);
  };
}
