/** Spreads each app's calls over its caller numbers: the n-th call of an app takes turn n. */
export class CallerRotation {
  private readonly turns = new Map<number, number>();

  next(sdkAppId: number): number {
    const turn = this.turns.get(sdkAppId) ?? 0;
    this.turns.set(sdkAppId, turn + 1);
    return turn;
  }
}
