import type { MapperTable } from './context.js';

export const awsMappers: MapperTable = {};
