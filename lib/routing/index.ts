export * from './route-model';
export * from './route-problems';
export * from './match-helpers';
export * from './user-agent';
export * from '../settings/traffic-setting';
export * from '../providers/traffic-routing';
