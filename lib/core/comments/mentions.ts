// A mention is written as Markdown link syntax with a private scheme: @[Ada Admin](mention:<userId>).
// The comment box inserts it; the renderer shows it as a name, never as a link.

const MENTION = /@\[([^\]\n]{1,100})\]\(mention:([a-z0-9]{8,40})\)/g;

export function mentionedUserIds(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((match) => match[2]!))];
}

export function mentionToken(name: string, userId: string): string {
  return `@[${name.replace(/[[\]\n]/g, "")}](mention:${userId})`;
}
