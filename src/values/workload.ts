import { Size, SizeRoundingBehavior } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { ResourcesModel } from '../model/types';
import { checkKnownKeys, isOptionsObject, propNames } from './props';
import { Mutable } from '../model/mutable';

const CONTAINER_RESOURCES = propNames<kplus.ContainerResources>({ cpu: true, memory: true, ephemeralStorage: true });
const CPU_RESOURCES = propNames<kplus.CpuResources>({ request: true, limit: true });
const MEMORY_RESOURCES = propNames<kplus.MemoryResources>({ request: true, limit: true });
const EPHEMERAL_STORAGE_RESOURCES = propNames<kplus.EphemeralStorageResources>({ request: true, limit: true });

/**
 * Requests and limits for a container: every container we emit has both,
 * each request at most its limit (the API server rejects a request above its
 * limit), a request given alone checked against the default limit.
 */
export function resourcesToModel(scope: IConstruct, field: string, resources: kplus.ContainerResources | undefined, defaults: ResourcesModel): ResourcesModel {
  if (resources !== undefined && !isOptionsObject(resources)) invalid(scope, field, `expected ContainerResources such as { cpu: { request: Cpu.millis(100) } }, received ${show(resources)}`);
  if (resources !== undefined) checkKnownKeys(scope, field, resources, CONTAINER_RESOURCES);
  const cpu = resources?.cpu;
  const memory = resources?.memory;
  const storage = resources?.ephemeralStorage;
  for (const [key, value, known] of [
    ['cpu', cpu, CPU_RESOURCES],
    ['memory', memory, MEMORY_RESOURCES],
    ['ephemeralStorage', storage, EPHEMERAL_STORAGE_RESOURCES],
  ] as const) {
    if (value !== undefined && !isOptionsObject(value)) {
      invalid(scope, `${field}.${key}`, `expected { request, limit }, e.g. { request: ${key === 'cpu' ? 'Cpu.millis(100)' : 'Size.mebibytes(128)'} }, received ${show(value)}`);
    }
    if (value !== undefined) checkKnownKeys(scope, `${field}.${key}`, value, known);
  }
  const model: Mutable<ResourcesModel> = {
    cpuRequest: cpu?.request === undefined ? defaults.cpuRequest : cpuAmount(scope, `${field}.cpu.request`, cpu.request),
    cpuLimit: cpu?.limit === undefined ? defaults.cpuLimit : cpuAmount(scope, `${field}.cpu.limit`, cpu.limit),
    memoryRequest: mebibytes(scope, `${field}.memory.request`, memory?.request) ?? defaults.memoryRequest,
    memoryLimit: mebibytes(scope, `${field}.memory.limit`, memory?.limit) ?? defaults.memoryLimit,
  };
  // Ephemeral storage has no default: a container without it may use the node's disk up to the kubelet's eviction threshold.
  const storageRequest = mebibytes(scope, `${field}.ephemeralStorage.request`, storage?.request);
  const storageLimit = mebibytes(scope, `${field}.ephemeralStorage.limit`, storage?.limit);
  if (storageRequest !== undefined) model.ephemeralStorageRequest = storageRequest;
  if (storageLimit !== undefined) model.ephemeralStorageLimit = storageLimit;
  const withinLimit = (at: string, what: string, request: string | undefined, limit: string | undefined, amount: (quantity: string) => number, limitIsDefault: boolean) => {
    if (request === undefined || limit === undefined || amount(request) <= amount(limit)) return;
    invalid(scope, `${field}.${at}.request`, `${request} is more than the ${what} limit (${limit}${limitIsDefault ? ', the default' : ''}); a request must not exceed its limit: lower it, or raise the limit`);
  };
  withinLimit('cpu', 'CPU', model.cpuRequest, model.cpuLimit, millicores, cpu?.limit === undefined);
  withinLimit('memory', 'memory', model.memoryRequest, model.memoryLimit, parseFloat, memory?.limit === undefined);
  withinLimit('ephemeralStorage', 'ephemeral storage', storageRequest, storageLimit, parseFloat, false);
  return model;
}

/** A CPU amount as kplus spells it (`Cpu.millis(100)` is `100m`, `Cpu.units(1.5)` is `1.5`). */
function cpuAmount(scope: IConstruct, field: string, cpu: kplus.Cpu): string {
  const amount = (cpu as { amount?: unknown } | null)?.amount;
  if (typeof amount !== 'string' || !/^\d+(\.\d+)?m?$/.test(amount) || !(millicores(amount) > 0)) {
    invalid(scope, field, `${show(amount ?? cpu)} is not a CPU amount above 0; use Cpu.millis(100) or Cpu.units(1)`);
  }
  return amount;
}

function millicores(amount: string): number {
  return amount.endsWith('m') ? parseFloat(amount) : parseFloat(amount) * 1000;
}

function mebibytes(scope: IConstruct, field: string, size: Size | undefined): string | undefined {
  if (size === undefined) return undefined;
  if (!(size instanceof Size)) invalid(scope, field, 'expected a Size, e.g. Size.mebibytes(128)');
  const value = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!(value > 0) || !Number.isFinite(value)) invalid(scope, field, `${show(value)} MiB is not a size above 0; use e.g. Size.mebibytes(128)`);
  return `${value}Mi`;
}
