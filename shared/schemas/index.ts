export * from './common';
export * from './auth';
export * from './groups';
export * from './projects';
export * from './threads';
