export * from './bluegreen-stages';
export * from './bluegreen-service';
