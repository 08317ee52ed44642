import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DEMO_CONFERENCE_TITLE } from "../../db/seed/demo-conference";
import { expectNoAxeViolations, logIn, see, useBrowser } from "./browser";

const browser = useBrowser();
const sample = fs.readFileSync("db/reference/sample-agenda.txt", "utf8");
const nextYear = `${new Date().getUTCFullYear() + 1}`;

async function createConference(page: import("playwright-core").Page, title: string) {
  await page.goto("/conferences");
  await page.getByLabel("Body").selectOption({ label: "Conference of England LMCs" });
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Date", { exact: true }).fill(`${nextYear}-11-06`);
  await page.getByLabel("Status").selectOption("planning");
  await page.getByLabel("Motion submission deadline (optional)").fill(`${nextYear}-09-30`);
  await page.getByRole("button", { name: "Create conference" }).click();
  await page.waitForURL(/\/conferences\/\d+$/);
  return page.url();
}

describe("conferences, motions and votes", () => {
  it("an LMC secretary drafts and submits a two-part motion with a clause link", async () => {
    const staffContext = await browser.context();
    const staff = await logIn(staffContext, "staff@lmc-tracker.example");
    const conferenceUrl = await createConference(staff, `Conference of England LMCs ${nextYear}`);
    await staffContext.close();

    const context = await browser.context();
    const page = await logIn(context, "secretary@lmc-tracker.example");
    await page.goto(conferenceUrl);
    await page.getByRole("link", { name: "Draft a motion" }).click();
    // The agenda committee numbers the motion when it accepts it: the secretary is not asked.
    await expect(page.getByLabel("Number").count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Save draft" }).click();
    await see(page, "Enter a short title");
    await page.getByLabel("Short title").fill("Online access within safe limits");
    await page.getByRole("button", { name: "Save draft" }).click();
    await see(page, "Write at least one part (the text of the motion)");
    await page.getByLabel("Preamble").fill("That conference, regarding online consultation tools:");
    await page.getByLabel("Part 1 text").fill("rejects the requirement to keep them open all through core hours");
    await page.getByLabel("Part 1 contract clause").selectOption({ label: "Online consultation tool available throughout core hours" });
    await page.getByLabel("Part 1 asks to").selectOption("remove");
    await page.getByLabel("Part 2 text").fill("asks GPC England to negotiate a safe limit");
    await page.getByRole("button", { name: "Save and submit to the conference" }).click();
    await page.waitForURL(/\/motions\/\d+$/);
    await see(page, "Motion submitted to the conference.");
    await see(page, "Greater Manchester LMC (demo)");
    await page.getByRole("heading", { level: 1, name: /^Submitted motion: Online access within safe limits$/ }).waitFor();
    await see(page, /^Submitted to the conference by /);
    await expect(page.getByRole("link", { name: "Online consultation tool available throughout core hours" }).count()).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    const motionUrl = page.url();
    await context.close();

    // Staff see the submission and accept it onto the agenda; drafts of other LMCs stay hidden.
    const reviewContext = await browser.context();
    const reviewer = await logIn(reviewContext, "staff@lmc-tracker.example");
    await reviewer.goto(motionUrl);
    await reviewer.getByRole("button", { name: "Accept onto the agenda" }).click();
    await see(reviewer, "Motion accepted onto the agenda as motion 1.");
    await see(reviewer, /^Accepted onto the agenda as motion 1 by /);
    await reviewer.getByRole("heading", { level: 1, name: /^Motion 1: Online access within safe limits$/ }).waitFor();
    await reviewContext.close();
  });

  it("the agenda committee rejects a submission from its queue, with and without JavaScript, and the LMC reads why", async () => {
    const staffContext = await browser.context();
    const staff = await logIn(staffContext, "staff@lmc-tracker.example");
    const conferenceUrl = await createConference(staff, `Queue conference ${nextYear}`);
    for (const [javaScript, title] of [
      [true, "Reject me with scripts"],
      [false, "Reject me without scripts"],
    ] as const) {
      const context = await browser.context({ javaScriptEnabled: javaScript });
      const page = await logIn(context, "secretary@lmc-tracker.example");
      await page.goto(`${conferenceUrl}/motions/new`);
      await page.getByLabel("Short title").fill(title);
      await page.getByLabel("Part 1 text").fill("That conference asks for something out of scope.");
      await page.getByRole("button", { name: "Save and submit to the conference" }).click();
      await page.waitForURL(/\/motions\/\d+$/);
      const motionUrl = page.url();

      const reviewContext = await browser.context({ javaScriptEnabled: javaScript });
      const reviewer = await logIn(reviewContext, "staff@lmc-tracker.example");
      await reviewer.goto(conferenceUrl);
      await reviewer.getByRole("link", { name: /^Review submissions \(\d+ waiting\)$/ }).click();
      await reviewer.waitForURL(/\/review$/);
      await reviewer.getByLabel(`Reason for rejecting “${title}” (the LMC reads it)`).fill("Not a matter for this conference.");
      await reviewer.getByRole("article", { name: title }).getByRole("button", { name: "Reject" }).click();
      await see(reviewer, "Rejected. The LMC sees your reason on its motion's page.");
      await see(reviewer, /^Rejected \(\d+\)$/);
      await reviewContext.close();

      await page.goto(motionUrl);
      await see(page, "Not a matter for this conference.");
      await page.getByRole("heading", { level: 1, name: `Rejected motion: ${title}` }).waitFor();
      await context.close();
    }
    await staffContext.close();
  });

  it("a clerk imports the sample agenda, fixes a flagged line, records motion 5's votes and sees it carried in all parts", async () => {
    const context = await browser.context({ viewport: { width: 390, height: 844 } });
    const page = await logIn(context, "staff@lmc-tracker.example");
    const conferenceUrl = await createConference(page, "E2E import conference");
    await page.goto(`${conferenceUrl}/import`);
    const broken = sample.replace("14  ESSEX:", "14  That conference lost its proposer:");
    await page.getByLabel("Agenda text").fill(broken);
    await page.getByRole("button", { name: "Preview" }).click();
    await see(page, /motion 14 has no proposer/);
    await expectNoAxeViolations(page);
    await page.getByLabel("Agenda text").fill(sample);
    await page.getByRole("button", { name: "Preview" }).click();
    await see(page, "Every line was placed.");
    await page.getByRole("button", { name: /Apply: import 16 motions/ }).click();
    await page.waitForURL(conferenceUrl);
    await see(page, "Imported 16 motions in 4 sections.");

    await page.getByRole("link", { name: /^5\. / }).click();
    await page.getByRole("link", { name: "Record votes" }).click();
    await page.waitForURL(/\/votes$/);
    await expectNoAxeViolations(page);
    const counts: [string, string][] = [["300", "20"], ["280", "40"], ["290", "30"], ["250", "80"]];
    for (const [index, [f, a]] of counts.entries()) {
      const part = page.getByRole("group", { name: `Part (${["i", "ii", "iii", "iv"][index]})` });
      await part.getByLabel("For", { exact: true }).fill(f);
      await part.getByLabel("Against", { exact: true }).fill(a);
      await part.getByLabel("Abstain").fill("5");
    }
    // The outcome shows before saving, computed from the counts.
    await expect(page.getByRole("group", { name: "Part (i)" }).locator("output").textContent()).resolves.toBe("Carried");
    await page.getByRole("group", { name: "Part (ii)" }).getByLabel("Outcome").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Save votes" }).click();
    await page.waitForURL(/\/motions\/\d+$/);
    await see(page, "Carried in all parts");
    await see(page, /for 300 \(93\.8%\)/);
    await context.close();
  });

  it("a member of the public finds motion 5 by searching and downloads the CSV", async () => {
    const context = await browser.context();
    const page = await context.newPage();
    await page.goto("/conferences");
    // Across every conference first, then within the conference.
    await page.getByLabel("Search motions in every conference").fill("online consultation");
    await page.getByRole("button", { name: "Search" }).click();
    await see(page, /motions? match “online consultation”/);
    await expect(page.getByRole("link", { name: /^5\. Regarding the requirement/ }).count()).resolves.toBe(1);
    await page.getByRole("link", { name: "Conference of England LMCs 2025" }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel("Search motions").fill("online consultation");
    await page.getByRole("button", { name: "Apply" }).click();
    await see(page, /motions? match/);
    await see(page, /^5\. Regarding the requirement that practices keep online consultation tools open/);
    await expect(page.getByRole("heading", { name: /^7\. / }).count()).resolves.toBe(0);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe(
      "conference,motion_number,title,proposer,kind,marking,part_label,part_text,method,for,against,abstain,majority,outcome,clause_references,section,preamble,seconder,parent_number,replaces,group_lead",
    );
    expect(csv).toMatch(/Conference of England LMCs 2025,5,.*,NORTH STAFFORDSHIRE,motion,debate,iv,.*,electronic,244,88,14,simple,carried,\d+ oppose_implementation/);
    await page.goto("/clauses");
    await page.getByRole("link", { name: "Online consultation tool available throughout core hours" }).click();
    await see(page, "Carried");
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("an LMC secretary cannot record votes at the national conference", async () => {
    const context = await browser.context();
    const page = await logIn(context, "secretary@lmc-tracker.example");
    await page.goto("/conferences");
    await page.getByRole("link", { name: "Conference of England LMCs 2025" }).click();
    await page.getByRole("link", { name: /^5\. / }).click();
    await page.waitForURL(/\/motions\/\d+$/);
    await page.getByRole("heading", { level: 1, name: /^Motion 5:/ }).waitFor();
    await expect(page.getByRole("link", { name: "Record votes" }).count()).resolves.toBe(0);
    const response = await page.goto(`${new URL(page.url()).pathname}/votes`);
    expect(response?.status()).toBe(403);
    const post = await page.request.post(new URL(page.url()).pathname, { form: { "part-1-for": "1" }, headers: { Origin: browser.baseURL } });
    expect(post.status()).toBe(403);
    await context.close();
  });

  it("two clerks correct the same vote: the second is refused with a clear message, and a correction needs a reason", async () => {
    const contexts = [await browser.context(), await browser.context()];
    const [a, b] = await Promise.all(contexts.map((c) => logIn(c, "staff@lmc-tracker.example")));
    await a!.goto("/conferences");
    await a!.getByRole("link", { name: "Conference of England LMCs 2025" }).click();
    await a!.getByRole("link", { name: /^12\. / }).click();
    await a!.waitForURL(/\/motions\/\d+$/);
    const votesUrl = `${new URL(a!.url()).pathname}/votes`;
    await Promise.all([a!.goto(votesUrl), b!.goto(votesUrl)]);

    await a!.getByLabel("Against", { exact: true }).fill("250");
    await a!.getByRole("button", { name: "Save votes" }).click();
    await see(a!, "A correction to a recorded vote needs a reason");
    await a!.getByLabel("Against", { exact: true }).fill("250");
    await a!.getByLabel("Reason for correcting part (i)").fill("Against count misread from the screen");
    await a!.getByRole("button", { name: "Save votes" }).click();
    await a!.waitForURL(/\/motions\/\d+$/);
    await see(a!, "Against count misread from the screen");

    await b!.getByLabel("For", { exact: true }).fill("999");
    await b!.getByLabel("Reason for correcting part (i)").fill("My own correction");
    const [response] = await Promise.all([
      b!.waitForResponse((r) => r.request().method() === "POST"),
      b!.getByRole("button", { name: "Save votes" }).click(),
    ]);
    expect(response.status()).toBe(409);
    await see(b!, /Someone else recorded this part's vote while you were entering it/);
    // The page now shows the first clerk's figures, not a silent overwrite.
    await expect.poll(() => b!.getByLabel("Against", { exact: true }).inputValue(), { timeout: 10_000 }).toBe("250");
    for (const c of contexts) await c.close();
  });

  it("an LMC secretary runs their own LMC's meeting: adds a motion and records its vote", async () => {
    const context = await browser.context();
    const page = await logIn(context, "secretary@lmc-tracker.example");
    await page.goto("/conferences");
    await page.getByLabel("Body").selectOption({ label: "Greater Manchester LMC (demo) meetings" });
    await page.getByLabel("Title").fill("Greater Manchester LMC December meeting");
    await page.getByLabel("Date", { exact: true }).fill(`${nextYear}-12-01`);
    await page.getByLabel("Status").selectOption("in_session");
    await page.getByRole("button", { name: "Create conference" }).click();
    await page.waitForURL(/\/conferences\/\d+$/);
    await page.getByRole("link", { name: "Add a motion" }).click();
    await page.getByLabel("Number").fill("1");
    await page.getByLabel("Short title").fill("Local safe working limits");
    await page.getByLabel("Proposer").fill("Greater Manchester LMC (demo)");
    await page.getByLabel("Part 1 text").fill("That this LMC supports practices that pause online access when full.");
    await page.getByRole("button", { name: "Save motion" }).click();
    await page.waitForURL(/\/motions\/\d+$/);
    await page.getByRole("link", { name: "Record votes" }).click();
    await page.waitForURL(/\/votes$/);
    await page.getByLabel("Method").selectOption("show_of_hands");
    await page.getByLabel("Outcome").selectOption("carried_unanimously");
    await page.getByRole("button", { name: "Save votes" }).click();
    await page.waitForURL(/\/motions\/\d+$/);
    await see(page, "Carried unanimously");
    await context.close();
  });
});

describe("the agenda as shared HTML", () => {
  it("a signed-in reader's agenda hydrates without errors, and its links navigate without reloading the page (a new-tab click is left to the browser)", async () => {
    const context = await browser.context();
    const page = await logIn(context, "gp@lmc-tracker.example");
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto("/conferences");
    await page.getByRole("link", { name: DEMO_CONFERENCE_TITLE }).first().click();
    await page.waitForURL(/\/conferences\/\d+$/);
    const conferenceUrl = page.url();
    const agenda = page.locator("#agenda");
    const firstMotion = agenda.getByRole("heading", { level: 3 }).first();
    const title = (await firstMotion.textContent())!;
    // Hydrated: React has claimed the agenda's element (and attached its click handler with it).
    await page.waitForFunction(() => Object.keys(document.getElementById("agenda") ?? {}).some((key) => key.startsWith("__reactFiber")));
    // A full page load would lose this mark; a client-side navigation keeps it.
    await page.evaluate(() => ((window as { reloadMark?: number }).reloadMark = 1));
    await firstMotion.getByRole("link").click();
    await page.waitForURL(/\/motions\/\d+$/);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await expect(page.evaluate(() => (window as { reloadMark?: number }).reloadMark)).resolves.toBe(1);
    // Back on the conference (client-side again), the agenda comes in the data and is shown.
    await page.goBack();
    await page.waitForURL(conferenceUrl);
    await agenda.getByRole("heading", { level: 3, name: title }).waitFor();
    await expect(page.evaluate(() => (window as { reloadMark?: number }).reloadMark)).resolves.toBe(1);
    // A link opened in a new tab is left to the browser.
    await agenda.getByRole("link").first().click({ modifiers: ["Control"] });
    await expect(page.evaluate(() => (window as { reloadMark?: number }).reloadMark)).resolves.toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
