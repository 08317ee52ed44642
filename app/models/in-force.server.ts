// "In force on a date" as one Kysely expression, for every query over dated memberships
// (practice_icb_memberships, practice_lmc_memberships, lmc_areas). Its pure twin, for tests and
// for rows already loaded, is app/domain/in-force.ts; a test checks that the two agree.
import { sql, type RawBuilder, type SqlBool } from "kysely";

/**
 * `valid_from <= date and (valid_to is null or valid_to > date)` on the table or alias named:
 * `.selectFrom("practice_icb_memberships as m").where(inForceOn("m", date))`.
 * Portable SQL: ISO date strings compare the same way in SQLite and PostgreSQL text columns.
 */
export function inForceOn(tableOrAlias: string, date: string): RawBuilder<SqlBool> {
  const from = sql.ref(`${tableOrAlias}.valid_from`);
  const to = sql.ref(`${tableOrAlias}.valid_to`);
  return sql<SqlBool>`(${from} <= ${date} and (${to} is null or ${to} > ${date}))`;
}

/**
 * The open-ended row of each history (`valid_to is null`): the latest membership, which may
 * start in the future. Closing a membership and planning an import compare against this row;
 * counting and showing use `inForceOn`.
 */
export function isOpenEnded(tableOrAlias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${tableOrAlias}.valid_to`)} is null`;
}
