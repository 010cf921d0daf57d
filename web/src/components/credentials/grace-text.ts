/** A user agent as a row shows it: the whole string, cut to a readable length (the title keeps it whole). */
export const userAgentLabel = (ua: string | null): string | null =>
  ua === null ? null : ua.length > 60 ? `${ua.slice(0, 57)}…` : ua;

/** The success toast's second sentence after a regenerate or a reset. */
export const graceToastText = (noun: string, until: string | null | undefined, format: (iso: string) => string) =>
  until ? `The old ${noun} works until ${format(until)}, then only the new one.` : `The old ${noun} no longer works.`;
