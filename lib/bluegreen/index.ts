export * from '../stages/bluegreen-stages';
export * from './bluegreen-service';
