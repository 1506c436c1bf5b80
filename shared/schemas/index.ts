export * from './common';
export * from './auth';
export * from './groups';
export * from './projects';
export * from './threads';
export * from './history';
export * from './activity';
export * from './home';
