import { describe, expect, it } from "vitest";
import { expectNoAxeViolations, logIn, see, useBrowser } from "./browser";

const browser = useBrowser();
const nextYear = `${new Date().getUTCFullYear() + 1}`;

const AGENDA = [
  "Conference of England LMCs – Agenda",
  "",
  "PART I – MOTIONS FOR DEBATE",
  "",
  "Online access",
  "",
  "23 Cumbria: That conference believes that online requests must count towards a",
  "    practice’s safe working limit.",
  "23a RIDER  Sheffield: and further asks for £2 per request.",
  "*24 Agenda Committee to be proposed by Kent: That conference wants a cap. (replaces motions 24a)",
  "24a KENT: That conference wants a cap on contacts.",
  "25 Bath & North East Somerset: That conference rejects the 2027/28 contract.",
  "30a RIDER  Devon: and further asks for a ballot.",
].join("\n");

async function createConference(page: import("playwright-core").Page, title: string) {
  await page.goto("/conferences");
  await page.getByLabel("Body").selectOption({ label: "Conference of England LMCs" });
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Date", { exact: true }).fill(`${nextYear}-11-12`);
  await page.getByLabel("Status").selectOption("in_session");
  await page.getByRole("button", { name: "Create conference" }).click();
  await page.waitForURL(/\/conferences\/\d+$/);
  return page.url();
}

describe("agenda import and vote outcomes", () => {
  let conferenceUrl = "";

  it("imports an agenda with a mixed-case proposer and a rider, without JavaScript, and shows every motion under its right parent", async () => {
    const context = await browser.context({ javaScriptEnabled: false });
    const page = await logIn(context, "staff@lmc-tracker.example");
    conferenceUrl = await createConference(page, `E2E agenda corpus conference ${Date.now()}`);
    await page.goto(`${conferenceUrl}/import`);
    await page.getByLabel("Agenda text").fill(AGENDA);
    await page.getByRole("button", { name: "Preview" }).click();
    await see(page, "1 problem to fix or skip before applying");
    await see(page, /rider 30a belongs to motion 30, which is neither in this text nor on the conference's agenda/);
    // The rider shows under its own motion, with its full text; the composite with what it replaces.
    const riders = page.getByRole("group", { name: "Riders and amendments to motion 23" });
    await expect(riders.getByText("23a Sheffield").count()).resolves.toBe(1);
    await expect(riders.getByText("(i) and further asks for £2 per request.").count()).resolves.toBe(1);
    await see(page, "(i) That conference believes that online requests must count towards a practice’s safe working limit.");
    await see(page, "composite, replacing 24a");
    await see(page, "No motions under this heading; it becomes an empty section.");
    await see(page, /Line 1 \(conference title\)/);

    // Apply is refused while the problem stands, then works once the clerk leaves the rider out.
    await page.getByRole("button", { name: /^Apply: import 6 motions/ }).click();
    await see(page, "Nothing was imported");
    await page.getByLabel("Leave motion 30a out of this import").check();
    await page.getByRole("button", { name: /^Apply: import/ }).click();
    await page.waitForURL(conferenceUrl);
    await see(page, "Imported 5 motions in 2 sections. 5 added, 0 updated, 0 unchanged, 1 left out.");

    await page.getByRole("link", { name: /^23a\. / }).click();
    await page.waitForURL(/\/motions\/\d+$/);
    await see(page, "Proposed by Sheffield");
    await expect(page.getByRole("link", { name: "motion 23", exact: true }).count()).resolves.toBe(1);
    await see(page, "and further asks for £2 per request.");
    await context.close();
  });

  it("re-importing a corrected text offers to update what changed and add what is new", async () => {
    const context = await browser.context();
    const page = await logIn(context, "staff@lmc-tracker.example");
    await page.goto(`${conferenceUrl}/import`);
    const corrected = AGENDA.replace("30a RIDER  Devon: and further asks for a ballot.", "26 Devon: That conference asks for a ballot.").replace("23 Cumbria:", "23 CUMBRIA:");
    await page.getByLabel("Agenda text").fill(corrected);
    await page.getByRole("button", { name: "Preview" }).click();
    await see(page, "Every line was placed.");
    await expectNoAxeViolations(page);
    const twentyThree = page.getByRole("article", { name: "Motion 23", exact: true });
    await expect(twentyThree.getByText("Will update").count()).resolves.toBe(1);
    await expect(twentyThree.getByText(/proposer: Cumbria/).count()).resolves.toBe(1);
    await expect(page.getByRole("article", { name: "Motion 26" }).getByText("Will add").count()).resolves.toBe(1);
    await page.getByRole("button", { name: "Apply: import 2 motions (1 new, 1 updated)" }).click();
    await page.waitForURL(conferenceUrl);
    await see(page, "1 added, 1 updated, 4 unchanged.");
    await context.close();
  });

  it("a correction whose outcome flips shows the new outcome before saving and saves it", async () => {
    const context = await browser.context({ viewport: { width: 390, height: 844 } });
    const page = await logIn(context, "staff@lmc-tracker.example");
    await page.goto(conferenceUrl);
    await page.getByRole("link", { name: /^25\. / }).click();
    await page.waitForURL(/\/motions\/\d+$/);
    await page.getByRole("link", { name: "Record votes" }).click();
    await page.waitForURL(/\/votes$/);
    // The outcome is recomputed in the browser: wait for the page's scripts before typing.
    await page.waitForLoadState("networkidle");
    const part = page.getByRole("group", { name: "Part (i)" });
    const shown = part.locator("output");
    await part.getByLabel("For", { exact: true }).fill("0");
    await part.getByLabel("Against", { exact: true }).fill("0");
    await part.getByLabel("Abstain").fill("12");
    await expect.poll(() => shown.textContent(), { timeout: 10_000 }).toMatch(/^None yet\. No votes for and none against \(only 12 abstentions\) give no result/);
    await part.getByLabel("For", { exact: true }).fill("210");
    await part.getByLabel("Against", { exact: true }).fill("120");
    await expect.poll(() => shown.textContent(), { timeout: 10_000 }).toBe("Carried");
    await page.getByRole("button", { name: "Save votes" }).click();
    await page.waitForURL(/\/motions\/\d+$/);
    await see(page, /for 210 \(63\.6%\)/);

    await page.getByRole("link", { name: "Record votes" }).click();
    await page.waitForURL(/\/votes$/);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => shown.textContent(), { timeout: 10_000 }).toBe("Carried");
    await expect(part.getByLabel("Outcome").inputValue()).resolves.toBe("");
    // The counts were read the wrong way round: swapping them flips the outcome before saving.
    await part.getByLabel("For", { exact: true }).fill("120");
    await part.getByLabel("Against", { exact: true }).fill("210");
    await expect.poll(() => shown.textContent(), { timeout: 10_000 }).toBe("Lost");
    await part.getByLabel("Reason for correcting part (i)").fill("For and against were read the wrong way round");
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Save votes" }).click();
    await page.waitForURL(/\/motions\/\d+$/);
    await see(page, /Lost · for 120 \(36\.4%\)/);
    await see(page, "For and against were read the wrong way round");
    await context.close();
  });

  it("a motion replaced by a composite cannot take a vote, and the page says why", async () => {
    const context = await browser.context();
    const page = await logIn(context, "staff@lmc-tracker.example");
    await page.goto(conferenceUrl);
    await page.getByRole("link", { name: /^24a\. / }).click();
    await page.waitForURL(/\/motions\/\d+$/);
    await page.getByRole("link", { name: "Record votes" }).click();
    await page.waitForURL(/\/votes$/);
    await see(page, "Motion 24a was replaced by composite 24, so it cannot take a vote: conference votes on the composite. Record it as fell, withdrawn or not reached.");
    await expect(page.getByLabel("For", { exact: true }).count()).resolves.toBe(0);
    await page.getByLabel("Outcome").selectOption("fell");
    await page.getByRole("button", { name: "Save votes" }).click();
    await page.waitForURL(/\/motions\/\d+$/);
    await see(page, "Fell");
    await context.close();
  });
});
