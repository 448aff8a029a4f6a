export * from './route-target';
export * from './header-route-stages';
export * from './header-route';
