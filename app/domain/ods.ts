/** A GP practice's ODS code: one letter and five digits (e.g. A81001). */
export const ODS_PRACTICE_CODE = /^[A-Z]\d{5}$/;

/** Demo practices use codes beginning Z, which no real practice in the register uses. */
export const DEMO_ODS_PREFIX = "Z";
