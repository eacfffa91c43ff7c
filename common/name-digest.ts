// A fixed-size digest of names seen (a Bloom filter), for counting distinct names that keep coming
// back without keeping them all: the phone counts unreadable result files the watch resends for
// ever. A name added is always found again (a resend never counts twice); a name never added is
// taken for seen only by chance, which stays small while the digest is far from full (see
// docs/companion.md for measured numbers). Stored as text, 6 bits a character, so its length never
// changes once made: adding a name cannot make a full phone's storage refuse it. Pure; ES5-safe.

/** Bits in a digest: 2048 characters of text; exact in practice up to about a thousand names. */
export const NAME_DIGEST_BITS = 12288;
/** Bits set per name: near the best number for about a thousand names in NAME_DIGEST_BITS. */
const BITS_PER_NAME = 7;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BITS_PER_CHAR = 6;
const DIGEST_CHARS = Math.ceil(NAME_DIGEST_BITS / BITS_PER_CHAR);

/** A digest with no name in it. */
export function emptyNameDigest(): string {
  let text = "";
  for (let i = 0; i < DIGEST_CHARS; i++) text += ALPHABET.charAt(0);
  return text;
}

/** True when `text` is a digest as this module writes it (anything else stored is not one). */
export function isNameDigest(text: unknown): text is string {
  if (typeof text !== "string" || text.length !== DIGEST_CHARS) return false;
  for (let i = 0; i < text.length; i++) if (ALPHABET.indexOf(text.charAt(i)) < 0) return false;
  return true;
}

/** FNV-1a over the name's UTF-16 code units, from `basis`; an unsigned 32-bit number. */
function fnv1a(name: string, basis: number): number {
  let hash = basis;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    // hash × 16777619 (the FNV prime) modulo 2^32, without Math.imul.
    hash = (hash + (hash << 1) + (hash << 4) + (hash << 7) + (hash << 8) + (hash << 24)) >>> 0;
  }
  return hash;
}

const FIRST_BASIS = 2166136261;
const SECOND_BASIS = 3735928559;
/** "#" and a name's two hashes, 7 base-36 digits each: see nameToken. */
const NAME_TOKEN = /^#[0-9a-z]{14}$/;

function sevenDigits(hash: number): string {
  const digits = hash.toString(36);
  return "0000000".slice(digits.length) + digits;
}

/**
 * A name's short stand-in, 15 characters (a watch's result file name has about 25): its two hashes,
 * which set the same bits in a digest as the name itself, so it is found again and folded like the
 * name. A token stands for itself.
 */
export function nameToken(name: string): string {
  return NAME_TOKEN.test(name)
    ? name
    : "#" + sevenDigits(fnv1a(name, FIRST_BASIS)) + sevenDigits(fnv1a(name, SECOND_BASIS));
}

/** The bits a name (or its token) sets: double hashing (h1 + i·h2), h2 odd so the positions differ. */
function bitsOf(name: string): number[] {
  const token = NAME_TOKEN.test(name);
  const h1 = token ? parseInt(name.slice(1, 8), 36) : fnv1a(name, FIRST_BASIS);
  const h2 = ((token ? parseInt(name.slice(8), 36) : fnv1a(name, SECOND_BASIS)) | 1) >>> 0;
  const bits: number[] = [];
  for (let i = 0; i < BITS_PER_NAME; i++) bits.push((h1 + i * h2) % NAME_DIGEST_BITS);
  return bits;
}

function bitIsSet(digest: string, bit: number): boolean {
  const value = ALPHABET.indexOf(digest.charAt(Math.floor(bit / BITS_PER_CHAR)));
  return (value & (1 << (bit % BITS_PER_CHAR))) !== 0;
}

/** True when `name` was added to `digest` (or, by chance, names added set all its bits). */
export function digestHasName(digest: string, name: string): boolean {
  if (!isNameDigest(digest)) return false;
  const bits = bitsOf(name);
  for (let i = 0; i < bits.length; i++) if (!bitIsSet(digest, bits[i])) return false;
  return true;
}

/** `digest` with `name` added; a text that is not a digest counts as an empty one. */
export function addNameToDigest(digest: string, name: string): string {
  const chars = (isNameDigest(digest) ? digest : emptyNameDigest()).split("");
  const bits = bitsOf(name);
  for (let i = 0; i < bits.length; i++) {
    const at = Math.floor(bits[i] / BITS_PER_CHAR);
    chars[at] = ALPHABET.charAt(ALPHABET.indexOf(chars[at]) | (1 << (bits[i] % BITS_PER_CHAR)));
  }
  return chars.join("");
}
