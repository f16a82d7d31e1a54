/**
 * Counts HTTP requests a connector sends (handshakes and token requests included), for
 * the sync summary's `roundTrips` and the benchmark's "round trips / protocol minimum".
 */
export class RoundTripCounter {
  private count = 0;

  add(n = 1): void {
    this.count += n;
  }

  get value(): number {
    return this.count;
  }
}
