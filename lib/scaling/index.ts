export * from './autoscaling';
export * from './disruption-budget';
