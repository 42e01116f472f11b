/**
 * Rounds real-valued shares to integers that add up to exactly `total`, by the
 * largest-remainder method: every share is rounded down, then the units still
 * missing go to the shares with the largest fractional parts (or, when the floors
 * overshoot, units are taken from the smallest). Signs are allowed; ties go to the
 * earlier share, so the result is deterministic.
 */
export function roundToTotal(values: readonly number[], total: number): number[] {
  if (!Number.isInteger(total)) throw new Error(`roundToTotal needs an integer total, got ${total}`);
  const count = values.length;
  const rounded = new Array<number>(count);
  let missing = total;
  for (let i = 0; i < count; i++) {
    rounded[i] = Math.floor(values[i]!);
    missing -= rounded[i]!;
  }
  if (count === 0) return rounded;
  // Whole rounds first, should the shares be far from the total.
  const laps = Math.trunc(missing / count);
  if (laps !== 0) {
    for (let i = 0; i < count; i++) rounded[i]! += laps;
    missing -= laps * count;
  }
  // Fewer units than shares remain: pick them one by one, without sorting (this runs for every parcel).
  const step = Math.sign(missing);
  const given = new Uint8Array(count);
  for (let unit = 0; unit < Math.abs(missing); unit++) {
    let chosen = -1;
    let chosenFraction = 0;
    for (let i = 0; i < count; i++) {
      if (given[i]) continue;
      const fraction = values[i]! - Math.floor(values[i]!);
      if (chosen === -1 || (step > 0 ? fraction > chosenFraction : fraction < chosenFraction)) {
        chosen = i;
        chosenFraction = fraction;
      }
    }
    given[chosen] = 1;
    rounded[chosen]! += step;
  }
  return rounded;
}
