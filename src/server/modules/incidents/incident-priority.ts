/**
 * The priority of an urgent incident from its impact and urgency (ITIL style), P1 highest:
 *
 * | impact \ urgency | high | medium | low |
 * |------------------|------|--------|-----|
 * | high             | P1   | P2     | P3  |
 * | medium           | P2   | P3     | P4  |
 * | low              | P3   | P4     | P4  |
 *
 * Impact: high = several departments or the whole hospital; medium = one department or a group of
 * users; low = one user or one workstation. Urgency: high = care has stopped or patient safety is at
 * risk now; medium = care is hampered, a downtime routine carries it for a while; low = can wait.
 */

export const LEVELS = ['high', 'medium', 'low'] as const;
export type Level = (typeof LEVELS)[number];
export type Impact = Level;
export type Urgency = Level;

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_MATRIX: Record<Impact, Record<Urgency, Priority>> = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
};

export function priorityOf(impact: Impact, urgency: Urgency): Priority {
  return PRIORITY_MATRIX[impact][urgency];
}
