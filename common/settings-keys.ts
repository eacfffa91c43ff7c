// The settingsStorage keys the companion and the settings page share (the routine fields' own keys aside).
export const SETTINGS_KEYS = {
  /** HistorySummary JSON, at most ~4 KB (10 recent sessions). */
  history: "history",
  /** Written by the settings page's export buttons: "csv:<ms>" or "json:<ms>" (the time makes every press a change). */
  exportRequest: "exportRequest",
  /** Export text (at most EXPORT_MAX_CHARS), plus a note line, written on request. */
  exportText: "exportText",
  exportNote: "exportNote",
  /**
   * Written by the companion: the short record of the routine it last handed to the watch (revision
   * and a hash of its settings, "1767603600001:016tin5"). Here too, not only in its localStorage: on a
   * full phone that can refuse even this, and a change made while the companion slept would then
   * look like the routine already sent.
   */
  sentRoutine: "sentRoutine",
  /**
   * Written by the companion: why the phone could not store a session (the page's note, at most 300
   * characters), also when its full localStorage refuses the note; removed once a session is stored.
   */
  storageNote: "storageNote",
  /**
   * Written by the companion at every rejection it counts: the reason in full (at most 201
   * characters), for the page when the sync state holds it cut to fit a full phone.
   */
  lastRejection: "lastRejection",
};
