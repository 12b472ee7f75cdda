import { z } from "zod";

// The one rule for links Bulwark stores and renders as hrefs: http or https only (never
// javascript:, data:, file:…), trimmed, at most 2048 characters. The forms, the REST API and the
// imports (organisation and OTM) all use it, so no path can store a link the forms would refuse.

export const MAX_URL_LENGTH = 2048;

/** `what` names the field in messages ("The spec URL"); `noun` is what the UI calls it. */
export const httpUrl = (what: string, noun: "URL" | "link" = "URL") =>
  z
    .string({ error: `${what} must be an http:// or https:// ${noun}.` })
    .trim()
    .max(MAX_URL_LENGTH, `${what} is at most ${MAX_URL_LENGTH} characters.`)
    .pipe(z.url({ protocol: /^https?$/, error: `${what} must be an http:// or https:// ${noun}.` }));
