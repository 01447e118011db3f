export * from './api';
export * from './environment';
export * from './errors';
export * from './request';
export * from './upload';
export * from './tracks';
