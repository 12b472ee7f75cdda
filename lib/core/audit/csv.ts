// CSV for spreadsheets (RFC 4180 quoting), safe to open in Excel, LibreOffice or Google Sheets:
// a cell that begins with = + - @ tab or carriage return would be read as a formula (CSV
// injection, CWE-1236), so it gets a leading apostrophe and is shown as text.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
