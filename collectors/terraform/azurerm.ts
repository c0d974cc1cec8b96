import type { MapperTable } from './context.js';

export const azurermMappers: MapperTable = {};
