export * from './tool.decorator.js';
export * from './resource.decorator.js';
export * from './prompt.decorator.js';
export * from './require-scopes.decorator.js';
