// Email addresses as accounts use them: compared normalised (surrounding spaces and case do not
// matter), and a GP account needs an NHS address: nhs.net, plus any domains the deployment adds
// (NHS_EMAIL_DOMAINS). Pure, so the rule has a table test.

export const NHS_MAIL_DOMAIN = "nhs.net";

/** The one form an address is stored and compared in. */
export function normaliseEmail(address: string): string {
  return address.trim().toLowerCase();
}

/** The part after the last @, normalised ("" when there is none). */
export function emailDomain(address: string): string {
  const normal = normaliseEmail(address);
  const at = normal.lastIndexOf("@");
  return at < 0 ? "" : normal.slice(at + 1);
}

/** The domains a GP may register with: nhs.net first, then the deployment's own. */
export function nhsDomains(extraDomains: readonly string[]): string[] {
  return [...new Set([NHS_MAIL_DOMAIN, ...extraDomains.map(normaliseEmail)])];
}

/** Whether the address is at one of the NHS domains, exactly (a subdomain is another domain). */
export function isNhsEmail(address: string, extraDomains: readonly string[]): boolean {
  const domain = emailDomain(address);
  return domain !== "" && nhsDomains(extraDomains).includes(domain);
}

/** What to tell someone whose address is not an NHS one, naming the domains that are. */
export function nhsEmailRequiredMessage(extraDomains: readonly string[]): string {
  const domains = nhsDomains(extraDomains).map((d) => `@${d}`);
  const list = domains.length === 1 ? domains[0] : `${domains.slice(0, -1).join(", ")} or ${domains[domains.length - 1]}`;
  return `Use your NHS email address (ending ${list}) to register as a GP. Accounts for LMC secretaries and BMA staff are set up by an administrator.`;
}
