// CBOR as the Fitbit `cbor` module and the watch's "cbor" file encoding do it: plain maps and
// arrays, no library-specific extensions.
import { Encoder } from "cbor-x";

const encoder = new Encoder({ useRecords: false, mapsAsObjects: true });

export function encodeCbor(value: unknown): Uint8Array {
  return encoder.encode(value);
}

export function decodeCbor(bytes: Uint8Array): unknown {
  return encoder.decode(bytes);
}
