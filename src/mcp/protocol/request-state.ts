/** What a 2026-07-28 handler carries between input rounds: the answers so far (signed by the codec). */
export interface CarriedState {
  answers: Record<string, unknown>;
}
