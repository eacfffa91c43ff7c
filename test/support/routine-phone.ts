// The scene the phone tests of the routine's record share: a companion on a phone with a quota (see
// QuotaStore: unlimited until a test sets `capacity`), whose transfers always go through, recording
// the revision of every routine it hands to the watch. It has started once (the default routine
// handed over), the watch has confirmed that routine, and ten sessions have arrived.
import { completedSession, fileOf } from "./builders";
import { decodeRoutineMessage, encodeResultMessage, encodeRoutineAckMessage } from "../../common/protocol";
import { PhoneSync } from "../../companion/phone-sync";
import { IncomingFile, KeyValueStore, PhoneServices } from "../../companion/phone-services";
import { MemoryStore, QuotaStore } from "./phone-stores";
import { quietPhoneServices } from "./quiet-phone";

/** quietPhoneServices whose transfers always go through, pushing the revision of every routine sent to `revisionsSent`. */
export function routineRecordingServices(
  settings: KeyValueStore,
  local: KeyValueStore,
  inbox: IncomingFile[],
  revisionsSent: number[],
): PhoneServices {
  return {
    ...quietPhoneServices(settings, local, inbox),
    send: async (name, payload) => {
      const decoded = decodeRoutineMessage(payload);
      if (name === "routine.cbor" && decoded.ok) revisionsSent.push(decoded.value.revision);
      return { readyState: "transferred" };
    },
  };
}

export async function phoneWithTenSessions(): Promise<{
  settings: MemoryStore;
  local: QuotaStore;
  inbox: IncomingFile[];
  services: PhoneServices;
  revisionsSent: number[];
  phone: PhoneSync;
}> {
  const settings = new MemoryStore();
  const local = new QuotaStore();
  const inbox: IncomingFile[] = [];
  const revisionsSent: number[] = [];
  const services = routineRecordingServices(settings, local, inbox, revisionsSent);
  const phone = new PhoneSync(services);
  await phone.start();
  inbox.push(fileOf("routine-ack.cbor", encodeRoutineAckMessage(revisionsSent[0])));
  for (let n = 0; n < 10; n++) {
    const id = "s-" + String(n).padStart(4, "0");
    inbox.push(fileOf("result-" + id + ".cbor", encodeResultMessage(completedSession(id, 1767600000000 + n * 1e6))));
  }
  await phone.drainInbox();
  return { settings, local, inbox, services, revisionsSent, phone };
}
