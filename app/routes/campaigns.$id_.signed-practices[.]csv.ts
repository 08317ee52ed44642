// For organising: which practices signed a campaign's options (BMA staff only). Every download is
// recorded in the audit log, with who took it and how many practices it named.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { SIGNUP_STATUS_LABELS } from "../domain/campaign-status";
import { neutraliseCell } from "../domain/motion-csv";
import { recordAudit } from "../models/audit.server";
import { getCampaign } from "../models/campaigns.server";
import { signedPracticesOfCampaign } from "../models/practice-actions.server";
import { requireAllowed } from "../utils/access.server";
import { parseId } from "../utils/conference-access.server";
import { PRIVATE_NO_STORE } from "../utils/cache-control";
import { getDb } from "../utils/db.server";
import { answerAsFile, attachmentName } from "../utils/download.server";
import { notFound } from "../utils/permissions.server";
import { todayIso } from "../utils/time";

const COLUMNS = ["option", "ods_code", "practice", "icb", "status", "acting", "last_changed"];

async function download({ request, params }: LoaderFunctionArgs) {
  const actor = await requireAllowed(request, "export-signed-practices");
  const db = getDb();
  const found = await getCampaign(db, parseId(params.id, "campaign"), { includeDrafts: true });
  if (!found) notFound("No such campaign");
  const rows = await signedPracticesOfCampaign(db, found.campaign.id, todayIso());
  await db.transaction().execute((trx) =>
    recordAudit(trx, { actorUserId: actor.id, action: "signups.export", entity: "campaign", entityId: found.campaign.id, after: { practices: rows.length } }),
  );
  const body = stringify(
    rows.map((r) => [r.option, r.ods_code, r.name, r.icb, SIGNUP_STATUS_LABELS[r.status], r.acting ? "yes" : "no", r.updated_at].map((v) => neutraliseCell(String(v)))),
    { header: true, columns: COLUMNS, record_delimiter: "\r\n" },
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${attachmentName(found.campaign.title, "signed-practices", "csv")}"`,
      ...PRIVATE_NO_STORE,
    },
  });
}

/** A refusal (not found, not allowed) answers in words, not as a server error. */
export async function loader(args: LoaderFunctionArgs) {
  return answerAsFile(() => download(args));
}
