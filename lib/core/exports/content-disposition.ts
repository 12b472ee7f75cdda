// File names for downloads, built by the server from the names of things, never taken from a
// request. Two forms go into Content-Disposition (RFC 6266): `filename` in plain ASCII for old
// clients and `filename*` (RFC 8187, UTF-8) that keeps letters such as "ü" for everyone else.

const MAX_LENGTH = 120;

function tidy(text: string, allowed: RegExp): string {
  return text
    .replace(allowed, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}

/** One part of a file name: letters, digits, dot, underscore and dash; anything else becomes a dash. */
export function fileNamePart(text: string): string {
  return tidy(text.normalize("NFC"), /[^\p{L}\p{N}._-]+/gu).slice(0, 60) || "export";
}

/** `parts` joined by underscores, with the extension: e.g. "acme_payments-api_threat-model_v2.pdf". */
export function buildFileName(parts: string[], extension: string): string {
  const stem = parts.map(fileNamePart).join("_").slice(0, MAX_LENGTH - extension.length - 1);
  return `${stem}.${extension}`;
}

/** The ASCII fallback: accents dropped ("ü" → "u"), other characters replaced by dashes. */
export function asciiFileName(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  const [stem, extension] = dot > 0 ? [fileName.slice(0, dot), fileName.slice(dot + 1)] : [fileName, ""];
  const ascii = (text: string) => tidy(text.normalize("NFKD").replace(/\p{M}+/gu, ""), /[^A-Za-z0-9._-]+/g);
  const safeStem = ascii(stem) || "export";
  const safeExtension = ascii(extension);
  return safeExtension ? `${safeStem}.${safeExtension}` : safeStem;
}

/** RFC 8187 value: UTF-8, percent-encoded except the attr-char set. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function contentDisposition(fileName: string): string {
  return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encodeExtValue(fileName)}`;
}
