/** Where "now" comes from; tests pass a fixed or stepping clock to make deadlines deterministic. */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export function manualClock(start: Date | string) {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d: Date | string) => {
      t = new Date(d).getTime();
    },
    advance: (minutes: number) => {
      t += minutes * 60_000;
    },
  };
}
