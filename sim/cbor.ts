// CBOR as the Fitbit `cbor` module and the watch's "cbor" file encoding do it: plain maps and
// arrays, no library-specific extensions.
import { Encoder } from "cbor-x";
import { Realm, bytesOf } from "./realm";

const encoder = new Encoder({ useRecords: false, mapsAsObjects: true });

export function encodeCbor(value: unknown): Uint8Array {
  return encoder.encode(value);
}

export function decodeCbor(bytes: Uint8Array): unknown {
  return encoder.decode(bytes);
}

/** The `cbor` module as an app sees it (watch and companion alike), its values living in the app's realm. */
export function cborModule(realm: Realm) {
  return {
    encode: (value: unknown) => realm.arrayBuffer(encodeCbor(value)),
    decode: (data: unknown) => {
      const bytes = bytesOf(data);
      if (bytes === null) throw new realm.intrinsics.TypeError("cbor.decode needs an ArrayBuffer or a typed array");
      return realm.adopt(decodeCbor(bytes));
    },
  };
}
