// Group commit on SQLite (db/dialect.ts `writeTransaction`, ADR 015): write transactions that
// arrive together share one commit, each in its own savepoint. What must hold: a work that fails
// takes only itself back; nothing is answered before the commit that holds it is on disk (another
// connection sees the row by then); a group whose transaction is lost answers nobody "saved".
import SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { writeTransaction } from "../../db/dialect";
import { getDb } from "../../app/utils/db.server";
import { onPostgres } from "../support/postgres";

const db = () => getDb() as unknown as Kysely<{ group_commit_probe: { n: number } }>;

/** Counts the commits the app's handle sends while `run` runs. */
async function commitsDuring(run: () => Promise<unknown>): Promise<number> {
  let commits = 0;
  const original = globalThis.__lmcDb!;
  globalThis.__lmcDb = original.withPlugin({
    transformQuery: (args) => {
      if (args.node.kind === "RawNode" && (args.node as unknown as { sqlFragments: string[] }).sqlFragments.join("").trim() === "commit") commits++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  try {
    await run();
  } finally {
    globalThis.__lmcDb = original;
  }
  return commits;
}

describe.skipIf(onPostgres())("group commit (SQLite)", () => {
  beforeAll(async () => {
    await sql`create table if not exists group_commit_probe (n integer primary key)`.execute(getDb());
  });

  it("commits a burst in fewer commits than works, keeps every good one and none that failed", async () => {
    const reader = new SQLite(process.env.DATABASE_URL!.slice("file:".length), { readonly: true });
    const seenWhenAnswered: boolean[] = [];
    const outcomes: PromiseSettledResult<number>[] = [];
    const commits = await commitsDuring(async () => {
      outcomes.push(
        ...(await Promise.allSettled(
          Array.from({ length: 40 }, (_, i) =>
            writeTransaction(db(), async (trx) => {
              await trx.insertInto("group_commit_probe").values({ n: i }).execute();
              if (i % 7 === 3) throw new Error(`work ${i} refused`);
              return i;
            }).then((value) => {
              // Answered only once the commit is on disk: another connection sees it already.
              seenWhenAnswered.push(reader.prepare("select 1 from group_commit_probe where n = ?").get(value) !== undefined);
              return value;
            }),
          ),
        )),
      );
    });
    reader.close();
    const refused = outcomes.flatMap((o, i) => (o.status === "rejected" ? [i] : []));
    expect(refused).toEqual([3, 10, 17, 24, 31, 38]);
    expect(outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason.message)).toEqual(refused.map((i) => `work ${i} refused`));
    const stored = (await db().selectFrom("group_commit_probe").select("n").orderBy("n").execute()).map((r) => r.n);
    expect(stored).toEqual(Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 7 !== 3));
    expect(seenWhenAnswered).toHaveLength(34);
    expect(seenWhenAnswered.every(Boolean)).toBe(true);
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(40);
  });

  it("answers nobody 'saved' when the group's transaction is lost", async () => {
    await sql`delete from group_commit_probe`.execute(getDb());
    const outcomes = await Promise.allSettled([
      writeTransaction(db(), async (trx) => {
        await trx.insertInto("group_commit_probe").values({ n: 1 }).execute();
        return "first";
      }),
      writeTransaction(db(), async (trx) => {
        await trx.insertInto("group_commit_probe").values({ n: 2 }).execute();
        // As SQLite does on a full disk or an I/O error: the whole transaction ends.
        await sql`rollback`.execute(trx);
        throw new Error("the disk is full");
      }),
      writeTransaction(db(), async (trx) => {
        await trx.insertInto("group_commit_probe").values({ n: 3 }).execute();
        return "third";
      }),
    ]);
    expect(outcomes[0]!.status).toBe("rejected");
    expect(outcomes[1]).toMatchObject({ status: "rejected", reason: { message: "the disk is full" } });
    // The third ran after the loss, in a new group, and is saved.
    expect(outcomes[2]).toEqual({ status: "fulfilled", value: "third" });
    expect((await db().selectFrom("group_commit_probe").select("n").orderBy("n").execute()).map((r) => r.n)).toEqual([3]);
    // And the connection is usable: the next write goes through.
    expect(await writeTransaction(db(), async (trx) => trx.insertInto("group_commit_probe").values({ n: 4 }).execute().then(() => "ok"))).toBe("ok");
  });

  it("waits for another process's write lock without holding the thread: reads go on, and the write goes through once the lock is free", async () => {
    await sql`delete from group_commit_probe`.execute(getDb());
    // Another connection (as a second worker would) takes the write lock and keeps it.
    const other = new SQLite(process.env.DATABASE_URL!.slice("file:".length));
    other.exec("begin immediate");
    let settled = false;
    const write = writeTransaction(db(), async (trx) => {
      await trx.insertInto("group_commit_probe").values({ n: 7 }).execute();
      return "saved";
    }).finally(() => (settled = true));
    // With SQLite's busy_timeout the thread itself slept here, so this timer could not fire
    // until the write had given up, five seconds on.
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(Date.now() - startedAt).toBeLessThan(1000);
    // This process's reads are answered meanwhile, on the same connection.
    const read = await db().selectFrom("group_commit_probe").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(read.n)).toBe(0);
    expect(settled).toBe(false);
    other.exec("commit");
    other.close();
    await expect(write).resolves.toBe("saved");
    expect((await db().selectFrom("group_commit_probe").select("n").execute()).map((r) => r.n)).toEqual([7]);
  });
});
