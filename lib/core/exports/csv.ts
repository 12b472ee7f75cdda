// CSV as spreadsheets read it (RFC 4180: comma-separated, CRLF, quotes doubled), with every text
// cell that a spreadsheet would run as a formula neutralised. A cell starting with = + - @ (after
// optional spaces), tab or carriage return gets a leading apostrophe and quotes, the OWASP "CSV
// injection" advice: Excel, LibreOffice and Sheets then show the text instead of evaluating it.

const FORMULA_START = /^(?:[ ]*[=+\-@]|[\t\r])/;
const NEEDS_QUOTES = /[",\r\n]|^[ ]|[ ]$|^'/;

export type TCsvValue = string | number | boolean | Date | null | undefined;

export function csvCell(value: TCsvValue): string {
  if (value === null || value === undefined) return "";
  // Numbers and booleans come from Bulwark itself, never from a person: nothing to neutralise.
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString();
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly TCsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A byte-order mark first, so Excel reads the file as UTF-8 rather than the machine's code page. */
export const CSV_BOM = "\uFEFF";

/** Several values in one cell ("PII; PCI"). */
export function joinList(values: readonly (string | null | undefined)[]): string {
  return values.filter((value): value is string => Boolean(value)).join("; ");
}
