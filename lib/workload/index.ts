export * from './options';
export * from './versioned-deployment';
export * from './app-service';
export * from './versioned-app';
