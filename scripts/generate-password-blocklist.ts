// Writes lib/core/auth/common-passwords.txt: the 10,000 most common passwords, most common first, from
// the frequency-ranked list that ships with @zxcvbn-ts/language-common (leaked-password corpora).
// Run again after upgrading that package: npx tsx scripts/generate-password-blocklist.ts
import { writeFileSync } from "node:fs";
import path from "node:path";
import { dictionary } from "@zxcvbn-ts/language-common";

const COUNT = 10_000;
const seen = new Set<string>();
for (const entry of dictionary["passwords-common"]) {
  const password = entry.trim().toLowerCase();
  if (password && !password.includes("\n")) seen.add(password);
  if (seen.size === COUNT) break;
}
const file = path.join(process.cwd(), "lib/core/auth/common-passwords.txt");
writeFileSync(file, `${[...seen].join("\n")}\n`);
console.log(`Wrote ${seen.size} passwords to ${path.relative(process.cwd(), file)}`);
