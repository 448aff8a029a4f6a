export * from './http-only-options';
export * from './tcp-canary';
