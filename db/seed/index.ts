// `npm run db:seed`: loads reference geography and, when no practices exist yet, the demo data.
import { getEnv } from "../../app/utils/env.server";
import { openDatabase } from "../connection";
import { prepareDatabase } from "./prepare";

const db = openDatabase(getEnv().DATABASE_URL);
try {
  for (const line of await prepareDatabase(db, { seed: "demo", force: true })) console.log(line);
} finally {
  await db.destroy();
}
