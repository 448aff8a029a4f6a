import { Problem } from '../validation/problems';
import { RouteRule } from './route-model';

/**
 * Checks of a rule with a declared `weightTotal` (fine splits such as 999/1 of 1000): the total is
 * a whole number of 1 or more, every weight an integer 0..total, and the weights sum to it exactly.
 * Istio and Gateway API weights are relative integers, so such a rule renders as written; each
 * version gets `weight / weightTotal` of the traffic.
 */
export function weightTotalProblems(rule: RouteRule, label: string): Problem[] {
  const total = rule.weightTotal!;
  if (!Number.isInteger(total) || total < 1) {
    return [{ message: `${label}: weightTotal ${total} is not a whole number of 1 or more.`, fix: 'use a total such as 100 or 1000.' }];
  }
  const problems: Problem[] = [];
  for (const s of rule.split) {
    if (!Number.isInteger(s.weight) || s.weight < 0 || s.weight > total) {
      problems.push({ message: `${label}: weight of version "${s.version}" ${s.weight} is not an integer between 0 and the weightTotal ${total}.`, fix: `use a whole number from 0 to ${total}.` });
    }
  }
  const sum = rule.split.reduce((a, s) => a + s.weight, 0);
  if (problems.length === 0 && rule.split.length > 0 && sum !== total) {
    problems.push({
      message: `${label}: the weights sum to ${sum} (${rule.split.map((s) => s.weight).join(' + ')}), not the declared weightTotal ${total}.`,
      fix: `make the weights add up to exactly ${total}, or change weightTotal.`,
    });
  }
  return problems;
}
