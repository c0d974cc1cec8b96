import type { MapperTable } from './context.js';

export const googleMappers: MapperTable = {};
