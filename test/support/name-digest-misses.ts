// How many of N distinct result file names the phone's digest of unreadable names takes for
// already seen (so they are not counted): `npx tsx test/support/name-digest-misses.ts` prints it for
// a few N (the numbers in docs/companion.md). Names as the watch makes them (common/result.ts
// makeSessionId): a session every 8 hours, a pseudo-random 4-character suffix.
import { addNameToDigest, digestHasName, emptyNameDigest } from "../../common/name-digest";

export function namesTakenForSeen(count: number): number {
  let digest = emptyNameDigest();
  let missed = 0;
  let random = 12345;
  for (let i = 0; i < count; i++) {
    random = (random * 1103515245 + 12345) % 2147483648;
    const startedAt = Date.UTC(2026, 0, 5, 9) + i * 8 * 3600000;
    const name = "result-" + startedAt.toString(36) + "-" + (random % 1679616).toString(36).padStart(4, "0") + ".cbor";
    if (digestHasName(digest, name)) missed++;
    else digest = addNameToDigest(digest, name);
  }
  return missed;
}

if (process.argv[1] && /name-digest-misses/.test(process.argv[1])) {
  for (const count of [100, 300, 1000, 2000, 5000])
    console.log(count + " distinct names: " + namesTakenForSeen(count) + " taken for already seen (not counted)");
}
