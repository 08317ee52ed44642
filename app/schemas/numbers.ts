import { z } from "zod";

/**
 * A whole number written as plain decimal digits, as a form or address gives it. Number() and
 * z.coerce.number() also take "0x1", "1e3", "0b1", " 1.0" and "" (as 0); this takes only digits.
 * Numbers from our own code (not text) are accepted when they are safe whole numbers.
 */
export function digits(message: string) {
  // Typed as taking text or a number (zod types a preprocess as taking anything), so forms'
  // default values may hold numbers. Not a union with z.number(): Conform would coerce "0x1" there.
  const schema = z.preprocess(
    (v) => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? String(v) : v),
    z
      .string({ required_error: message, invalid_type_error: message })
      .trim()
      .regex(/^\d{1,9}$/, message)
      .transform(Number),
  );
  return schema as z.ZodType<number, z.ZodTypeDef, string | number>;
}

/** A record id (1 or more) in plain digits. */
export function idField(message = "Choose from the list") {
  return digits(message).pipe(z.number().positive(message));
}

/** A page of a long list: 1 to 10,000. */
export const pageNumber = digits("Choose a page").pipe(z.number().min(1, "Choose a page").max(10_000, "Choose a page"));
