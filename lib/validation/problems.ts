import { IConstruct } from 'constructs';

/**
 * A mistake in the input of a construct, found at synth time.
 *
 * Problems are collected on the construct and reported by cdk8s validation, so every
 * problem of an app is reported in one run, each prefixed with the construct path.
 */
export interface Problem {
  /** What is wrong, naming the bad value. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

const PROBLEMS = new WeakMap<IConstruct, Problem[]>();

/**
 * Records a problem on `scope`. cdk8s reports it as `[<construct path>] <message> Fix: <fix>`
 * when the app is synthesized (`app.synth()`, `app.synthYaml()` or `cdk8s synth`).
 */
export function reportProblem(scope: IConstruct, problem: Problem): void {
  let list = PROBLEMS.get(scope);
  if (!list) {
    list = [];
    PROBLEMS.set(scope, list);
    const problems = list;
    scope.node.addValidation({ validate: () => problems.map(formatProblem) });
  }
  list.push(problem);
}

/** Reports every problem of a list on `scope`; returns true when the list was empty. */
export function reportProblems(scope: IConstruct, problems: readonly Problem[]): boolean {
  problems.forEach((p) => reportProblem(scope, p));
  return problems.length === 0;
}

/** Renders a problem as one line. */
export function formatProblem(problem: Problem): string {
  return `${problem.message} Fix: ${problem.fix}`;
}

/**
 * Every validation error of `root` and its descendants, each as `[path] message`,
 * in tree order. Empty when the app is valid.
 */
export function collectValidationErrors(root: IConstruct): string[] {
  const errors: string[] = [];
  for (const c of root.node.findAll()) {
    for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
  }
  return errors;
}
