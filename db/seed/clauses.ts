// The real contract instruments, seeded into every new database (reference data, not demo).
// Paragraph numbers we cannot cite are left blank rather than invented; the clause on online
// access names the contract change that brought it in.
import type { Kysely } from "kysely";
import type { Database } from "../types";

export const ONLINE_ACCESS_CLAUSE_TITLE = "Online consultation tool available throughout core hours";

const DOCUMENTS = [
  {
    title: "The National Health Service (General Medical Services Contracts) Regulations 2015",
    citation: "SI 2015/1862",
    url: "https://www.legislation.gov.uk/uksi/2015/1862/contents",
  },
  {
    title: "The National Health Service (Personal Medical Services Agreements) Regulations 2015",
    citation: "SI 2015/1879",
    url: "https://www.legislation.gov.uk/uksi/2015/1879/contents",
  },
  {
    title: "Amending regulations for the 2025/26 GP contract",
    citation: "SI 2025/727",
    url: "https://www.legislation.gov.uk/uksi/2025/727/contents",
  },
  {
    title: "GP contract 2025/26: contract variation on online access",
    citation: "NHS England contract letter",
    url: "https://www.england.nhs.uk/gp/investment/gp-contract/",
  },
];

const CLAUSES = [
  {
    document: "GP contract 2025/26: contract variation on online access",
    reference: "",
    title: ONLINE_ACCESS_CLAUSE_TITLE,
    summary:
      "From 1 October 2025 practices must keep their online consultation tool open for non-urgent appointment requests, medication queries and administrative requests for the whole of core hours (08:00 to 18:30, Monday to Friday), not only when capacity allows.",
    in_force_from: "2025-10-01",
    source_url: "https://www.england.nhs.uk/gp/investment/gp-contract/",
  },
  {
    document: "Amending regulations for the 2025/26 GP contract",
    reference: "",
    title: "Amendments to the GMS and PMS regulations for 2025/26",
    summary: "The instrument that amends the GMS Contracts and PMS Agreements Regulations 2015 to give effect to the 2025/26 contract changes.",
    in_force_from: null,
    source_url: "https://www.legislation.gov.uk/uksi/2025/727/contents",
  },
  {
    document: "The National Health Service (General Medical Services Contracts) Regulations 2015",
    reference: "",
    title: "Core hours",
    summary: "Core hours are 08:00 to 18:30 on any day from Monday to Friday except Good Friday, Christmas Day and bank holidays; essential services must be provided throughout them.",
    in_force_from: "2015-12-07",
    source_url: "https://www.legislation.gov.uk/uksi/2015/1862/contents",
  },
  {
    document: "The National Health Service (Personal Medical Services Agreements) Regulations 2015",
    reference: "",
    title: "Core hours (PMS)",
    summary: "The same core-hours requirement for practices holding a PMS agreement.",
    in_force_from: "2015-12-07",
    source_url: "https://www.legislation.gov.uk/uksi/2015/1879/contents",
  },
];

export async function loadClauseRegister(db: Kysely<Database>) {
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const d of DOCUMENTS) {
      await trx.insertInto("contract_documents").values({ ...d, created_at: now }).onConflict((oc) => oc.column("title").doNothing()).execute();
    }
    const docs = new Map((await trx.selectFrom("contract_documents").select(["id", "title"]).execute()).map((d) => [d.title, d.id]));
    for (const { document, ...c } of CLAUSES) {
      const exists = await trx.selectFrom("clauses").select("id").where("title", "=", c.title).executeTakeFirst();
      if (!exists) await trx.insertInto("clauses").values({ ...c, document_id: docs.get(document)!, revoked_on: null, created_at: now, updated_at: now }).execute();
    }
    for (const name of ["Conference of England LMCs", "UK Conference of LMCs"]) {
      await trx.insertInto("bodies").values({ name, kind: "national", lmc_id: null, created_at: now }).onConflict((oc) => oc.column("name").doNothing()).execute();
    }
  });
}
