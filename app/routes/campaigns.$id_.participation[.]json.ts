import type { LoaderFunctionArgs } from "@remix-run/node";
import { PARTICIPATION_EXPORT_COLUMNS, participationJsonRecord } from "../domain/participation-export";
import { participationExport } from "../models/participation-view.server";
import { getActor } from "../utils/access.server";
import { PRIVATE_NO_STORE } from "../utils/cache-control";
import { parseId } from "../utils/conference-access.server";
import { getDb } from "../utils/db.server";
import { answerAsFile, attachmentName } from "../utils/download.server";
import { notFound } from "../utils/permissions.server";

async function download({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const found = await participationExport(getDb(), actor, parseId(params.id, "campaign"));
  if (!found) notFound("No such campaign");
  const body = {
    campaign: found.campaign,
    as_of: found.asOf,
    columns: PARTICIPATION_EXPORT_COLUMNS,
    rows: found.rows.map(participationJsonRecord),
  };
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      ...PRIVATE_NO_STORE,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `inline; filename="${attachmentName(found.campaign.title, `participation-${found.asOf}`, "json")}"`,
    },
  });
}

/** A refusal (not found, not allowed) answers in words, not as a server error. */
export async function loader(args: LoaderFunctionArgs) {
  return answerAsFile(() => download(args));
}
