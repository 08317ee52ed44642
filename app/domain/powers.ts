// What a role may do, in words, for the account page: one sentence per grant, so a new grant
// cannot reach the page as a permission string (the Record below makes a missing sentence a type error).
import type { Role } from "../../db/types";
import { permissionsOf, type Permission } from "./permissions";

const POWER_WORDS: Record<Permission, string> = {
  "read:account:own": "See your own account",
  "update:account:own": "Change your email address, password and the emails we send you, and follow resolutions",
  "delete:account:own": "Delete your account: your pledges stay counted without your name",
  "manage:retention:any": "Set how long withdrawn pledges keep the name of the person who made them",
  "pledge:option:own": "Pledge your personal support to a collective-action option",
  "request:membership:own": "Ask to join your practice",
  "read:signup:practice": "See your practices' sign-ups to collective action",
  "update:signup:practice": "Sign up a practice you are a signatory of, change its sign-up or withdraw it",
  "read:notice:practice": "See the contractual notices your practices recorded",
  "create:notice:practice": "Record a contractual notice your practice received, where you are its signatory",
  "decide:membership:practice": "Decide who joins a practice you are a signatory of",
  "manage:signatory:practice": "Decide who else signs for a practice you are a signatory of",
  "draft:motion:lmc": "Draft motions in your LMC's name and submit them to national conferences, until their deadline",
  "run:lmc-conference:lmc": "Run your LMC's own meetings: agenda, votes and outcomes",
  "read:participation:lmc": "See exact participation figures for your LMC's area, never which practice signed",
  "run:national-conference:any": "Run national conferences: review submitted motions, build the agenda, record votes and outcomes",
  "update:resolution:any": "Record the progress of resolutions",
  "manage:clause:any": "Keep the contract clause register",
  "manage:campaign:any": "Open and run campaigns and their options",
  "read:participation:any": "See exact participation figures everywhere",
  "read:signup:any": "See which practices signed up to each option",
  "export:signup:any": "Download the list of signed practices (each download is recorded)",
  "read:notice:any": "See the contractual notices every practice recorded",
  "read:practice:any": "See the practice register",
  "read:audit:any": "Read the audit log",
  "decide:membership:any": "Decide requests to join any practice",
  "manage:signatory:any": "Decide who signs for any practice",
  "read:outbox:any": "Read the emails the site has sent or queued",
  "manage:user:any": "Create accounts, change roles and LMCs, disable accounts",
  "import:register:any": "Import the practice register and LMC areas",
};

/** Sentences saying what this role may do, in the order its grants are listed. */
export function powersInWords(role: Role): string[] {
  return permissionsOf(role).map((p) => POWER_WORDS[p]);
}
